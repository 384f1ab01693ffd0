/** The agent's net-proceeds defaults (decision 0029): admin API, agent workspace, and the report that carries them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAgentByCode, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { testDatabaseKind } from '../../../tests/helpers/test-database';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { signInAgent } from './agent-sign-in';
import { startTestApi } from './test-api';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

describe(`selling-cost defaults (${testDatabaseKind})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ app, database, stop } = await startTestApi({ ADMIN_TOKEN: TOKEN, RATE_LIMIT_SIGN_IN_PER_HOUR: '50', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' }));
  });
  afterAll(async () => {
    await stop?.();
  });

  it('default to 5.5% and 1.5%, are set through the admin API, and a bad value changes nothing', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/admin/agents',
      headers: auth,
      payload: { name: 'Pat Lee', phone: '+12065550100', agent_code: 'patlee' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ sale_commission_bps: 550, closing_cost_bps: 150 });
    const patched = await app.inject({ method: 'PATCH', url: '/v1/admin/agents/patlee', headers: auth, payload: { sale_commission_bps: 600 } });
    expect(patched.json()).toMatchObject({ sale_commission_bps: 600, closing_cost_bps: 150 });
    for (const payload of [{ sale_commission_bps: 2001 }, { closing_cost_bps: -1 }, { closing_cost_bps: 1.5 }, { sale_commission_bps: '5.5' }]) {
      expect((await app.inject({ method: 'PATCH', url: '/v1/admin/agents/patlee', headers: auth, payload })).statusCode).toBe(400);
    }
    expect((await findAgentByCode(database.db, 'patlee'))!.agent).toMatchObject({ sale_commission_bps: 600, closing_cost_bps: 150 });
  });

  it('are edited by the agent in the workspace and carried by their reports', async () => {
    const pat = (await findAgentByCode(database.db, 'patlee'))!.agent;
    const s = await signInAgent(app, database, pat);
    const patch = (payload: Record<string, unknown>) =>
      app.inject({ method: 'PATCH', url: '/v1/agent/landing-page', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
    const saved = await patch({ sale_commission_bps: 500, closing_cost_bps: 200 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ sale_commission_bps: 500, closing_cost_bps: 200 });
    const bad = await patch({ closing_cost_bps: 5000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('closing_cost_bps');

    const report = await insertTestReport(database, { agent_id: pat.id });
    const page = await app.inject({ method: 'GET', url: `/v1/consumer-reports/${report.id}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().agent).toMatchObject({ saleCommissionPct: 5, closingCostPct: 2 });
  });
});
