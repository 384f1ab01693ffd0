/**
 * Issue #22: the agent's own looks at a report never count as the homeowner's engagement, and the
 * homeowner's "Get an exact price" request is recorded for the agent as `cma.requested`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAgent, ensureDemoAgent, updateConsumerReport, type Agent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { signInAgent, type Signed } from './agent-sign-in';
import { buildTestApi } from './test-api';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe(`agent views and exact-price requests (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let demo: Agent;
  let other: Agent;
  let reportId: string;
  let demoSession: Signed;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    const otherAccount = await createAccount(database.db, { name: 'Other Realty' });
    other = await createAgent(database.db, { name: 'Olive Other', phone: '+12065550177', account_id: otherAccount.id });
    const row = await insertTestReport(database, { property_address: '4011 NE 88th St, Seattle, WA 98115' });
    reportId = row.id;
    await updateConsumerReport(database.db, reportId, { status: 'completed', completed_at: new Date(), estimate_value: 800000 });
    app = await buildTestApi(database, { RATE_LIMIT_SIGN_IN_PER_HOUR: '50', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' });
    demoSession = await signInAgent(app, database, demo);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const event = (payload: Record<string, unknown>, opts: { cookie?: string; ua?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/events`,
      payload,
      headers: { 'user-agent': opts.ua ?? IPHONE, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    });
  const lead = async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/agent/leads/${reportId}`, headers: { cookie: demoSession.cookie } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('does not change the engagement counts when a signed-in agent opens the report (theirs or not)', async () => {
    expect((await event({ type: 'view', session_id: 'homeowner-1' })).statusCode).toBe(204);
    const before = (await lead()).activity;
    expect(before).toMatchObject({ views: 1, sessions: 1, device_types: ['mobile'] });

    const otherSession = await signInAgent(app, database, other);
    for (const cookie of [demoSession.cookie, otherSession.cookie]) {
      expect((await event({ type: 'view', session_id: 'agent-desk-1' }, { cookie, ua: DESKTOP })).statusCode).toBe(204);
      expect((await event({ type: 'share', session_id: 'agent-desk-1', channel: 'copy_link' }, { cookie, ua: DESKTOP })).statusCode).toBe(204);
      expect((await event({ type: 'heartbeat', session_id: 'agent-desk-1', duration_ms: 90_000 }, { cookie, ua: DESKTOP })).statusCode).toBe(204);
    }
    const after = await lead();
    expect(after.activity).toEqual(before);
    expect(after.hot).toBe(false);
    expect(after.events.map((e: { session_id: string }) => e.session_id)).toEqual(['homeowner-1']);
  });

  it('still counts a visitor whose session cookie is stale or forged', async () => {
    const forged = `opencma_agent=${'A'.repeat(43)}`;
    expect((await event({ type: 'view', session_id: 'homeowner-2' }, { cookie: forged })).statusCode).toBe(204);
    expect((await lead()).activity.sessions).toBe(2);
  });

  it('records the homeowner’s request for an exact price as cma.requested, shown on the lead and its timeline', async () => {
    expect((await lead()).activity.cma_requested_at).toBeNull();
    expect((await event({ type: 'cma.requested', session_id: 'homeowner-1' })).statusCode).toBe(204);
    const after = await lead();
    expect(Date.parse(after.activity.cma_requested_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(after.events.at(-1)).toMatchObject({ type: 'cma.requested', session_id: 'homeowner-1' });
    const inbox = await app.inject({ method: 'GET', url: '/v1/agent/leads', headers: { cookie: demoSession.cookie } });
    expect(inbox.json().leads.find((l: { id: string }) => l.id === reportId).activity.cma_requested_at).toBe(after.activity.cma_requested_at);
  });
});
