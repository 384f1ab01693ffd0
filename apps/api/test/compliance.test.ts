/** Compliance fields (decision 0026): brokerage name, license numbers, Equal Housing Opportunity — admin API and agent workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAgentByCode, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { testDatabaseKind } from '../../../tests/helpers/test-database';
import { signInAgent } from './agent-sign-in';
import { startTestApi } from './test-api';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

describe(`compliance fields (${testDatabaseKind})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ app, database, stop } = await startTestApi({ ADMIN_TOKEN: TOKEN, RATE_LIMIT_SIGN_IN_PER_HOUR: '50', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' }));
  });
  afterAll(async () => {
    await stop?.();
  });

  const landing = async (code: string) => (await app.inject({ method: 'GET', url: `/v1/agents/${code}/landing-page` })).json();

  it('are set through the admin API and shown on the public landing page', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/admin/agents',
      headers: auth,
      payload: { name: 'Pat Lee', phone: '+12065550100', agent_code: 'patlee', license_number: '21004567' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ brokerage_name: null, license_number: '21004567' });
    // no account and no brokerage name: the page says no brokerage; the statement is on by default
    expect(await landing('patlee')).toMatchObject({
      account: { name: null },
      compliance: { licenseNumber: '21004567', brokerageLicenseNumber: null, equalHousingOpportunity: true },
    });

    const account = await app.inject({
      method: 'POST',
      url: '/v1/admin/accounts',
      headers: auth,
      payload: { name: 'Cascade Homes', license_number: '9087' },
    });
    expect(account.json()).toMatchObject({ name: 'Cascade Homes', license_number: '9087', equal_housing_opportunity: true });
    const id = account.json().id;
    await app.inject({ method: 'PATCH', url: '/v1/admin/agents/patlee', headers: auth, payload: { account_id: id } });
    const off = await app.inject({ method: 'PATCH', url: `/v1/admin/accounts/${id}`, headers: auth, payload: { equal_housing_opportunity: false } });
    expect(off.json().equal_housing_opportunity).toBe(false);
    expect(await landing('patlee')).toMatchObject({
      account: { name: 'Cascade Homes' },
      compliance: { licenseNumber: '21004567', brokerageLicenseNumber: '9087', equalHousingOpportunity: false },
    });
    // the agent's own brokerage name wins over the account's
    await app.inject({ method: 'PATCH', url: '/v1/admin/agents/patlee', headers: auth, payload: { brokerage_name: 'Cascade Homes NW' } });
    expect((await landing('patlee')).account.name).toBe('Cascade Homes NW');

    const bad = await app.inject({ method: 'PATCH', url: '/v1/admin/agents/patlee', headers: auth, payload: { license_number: 'x'.repeat(41) } });
    expect(bad.statusCode).toBe(400);
    expect((await findAgentByCode(database.db, 'patlee'))!.agent.license_number).toBe('21004567');
  });

  it('are edited by the agent in the workspace, which warns while no brokerage is set', async () => {
    await app.inject({
      method: 'POST',
      url: '/v1/admin/agents',
      headers: auth,
      payload: { name: 'Sam Solo', phone: '+12065550111', agent_code: 'samsolo' },
    });
    const sam = (await findAgentByCode(database.db, 'samsolo'))!.agent;
    const s = await signInAgent(app, database, sam);
    const get = () => app.inject({ method: 'GET', url: '/v1/agent/landing-page', headers: { cookie: s.cookie } });
    expect((await get()).json()).toMatchObject({ brokerage: null, compliance_warning: expect.stringMatching(/without a brokerage name/) });
    expect((await app.inject({ method: 'GET', url: '/v1/agent/session', headers: { cookie: s.cookie } })).json().agent.brokerage).toBeNull();

    const patch = (payload: Record<string, unknown>) =>
      app.inject({ method: 'PATCH', url: '/v1/agent/landing-page', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
    const saved = await patch({ brokerage_name: 'Solo Realty', license_number: '555123' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      brokerage_name: 'Solo Realty',
      brokerage: 'Solo Realty',
      license_number: '555123',
      compliance_warning: null,
    });
    expect(await landing('samsolo')).toMatchObject({ account: { name: 'Solo Realty' }, compliance: { licenseNumber: '555123' } });
    expect((await patch({ brokerage_name: '' })).statusCode).toBe(400);
    expect((await patch({ brokerage_name: null })).json()).toMatchObject({ brokerage: null, compliance_warning: expect.any(String) });
  });
});
