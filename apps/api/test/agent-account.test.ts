import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAgent, ensureDemoAgent, findAccount, listSmsLogs, type Agent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { type Signed, signInAgent } from './agent-sign-in';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { buildTestApi } from './test-api';

describe(`brokerage admin API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let demo: Agent;
  let admin: Agent;
  let otherAdmin: Agent;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    admin = await createAgent(database.db, { name: 'Ada Admin', phone: '+12065550188', account_id: demo.account_id, role: 'account_admin' });
    const other = await createAccount(database.db, { name: 'Other Realty', primary_color: '#123456' });
    otherAdmin = await createAgent(database.db, { name: 'Otto Admin', phone: '+12065550189', account_id: other.id, role: 'account_admin' });
    app = await buildTestApi(database, { RATE_LIMIT_SIGN_IN_PER_HOUR: '0', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const signIn = (agent: Agent) => signInAgent(app, database, agent);
  const headers = (s: Signed) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

  it("shows an admin their own account's agents and branding only", async () => {
    const s = await signIn(admin);
    const res = await app.inject({ method: 'GET', url: '/v1/agent/account', headers: headers(s) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.account.name).toBe('Evergreen Realty Group');
    expect(body.agents.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['Jordan Avery', 'Ada Admin']));
    expect(body.agents.map((a: { name: string }) => a.name)).not.toContain('Otto Admin');
  });

  it('refuses an agent who is not an admin', async () => {
    const s = await signIn(demo);
    for (const [method, url, payload] of [
      ['GET', '/v1/agent/account', undefined],
      ['PATCH', '/v1/agent/account', { primary_color: '#000000' }],
      ['POST', '/v1/agent/account/agents', { name: 'X', phone: '+12065550111' }],
    ] as const) {
      const res = await app.inject({ method, url, payload, headers: headers(s) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('edits branding; refuses a colour or URL that is not one and changes nothing', async () => {
    const s = await signIn(admin);
    const ok = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/account',
      headers: headers(s),
      payload: { primary_color: '#1d4ed8', logo_url: 'https://cdn.example.com/logo.png' },
    });
    expect(ok.statusCode).toBe(200);
    const before = await findAccount(database.db, demo.account_id!);
    for (const [payload, field, message] of [
      [{ primary_color: 'red; background:url(x)' }, 'primary_color', /hex colour/],
      [{ logo_url: 'javascript:alert(1)' }, 'logo_url', /https/],
      [{ logo_url: 'http://cdn.example.com/logo.png' }, 'logo_url', /https/],
    ] as const) {
      const res = await app.inject({ method: 'PATCH', url: '/v1/agent/account', headers: headers(s), payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[field]).toMatch(message);
    }
    expect(await findAccount(database.db, demo.account_id!)).toEqual(before);
    // the other brokerage is untouched
    expect((await findAccount(database.db, otherAdmin.account_id!))!.primary_color).toBe('#123456');
  });

  it('invites an agent by phone into the admin’s account and texts them the sign-in link', async () => {
    const s = await signIn(admin);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/agent/account/agents',
      headers: headers(s),
      payload: { name: 'Nia New', phone: '(206) 555-0166' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Nia New', phone: '+12065550166', role: 'agent' });
    const invite = (await listSmsLogs(database.db, { limit: 50 })).find((m) => m.purpose === 'invite' && m.to === '+12065550166');
    expect(invite?.body).toContain('/agent/sign-in');
    const again = await app.inject({
      method: 'POST',
      url: '/v1/agent/account/agents',
      headers: headers(s),
      payload: { name: 'Nia New', phone: '(206) 555-0166' },
    });
    expect(again.statusCode).toBe(409);
    const bad = await app.inject({ method: 'POST', url: '/v1/agent/account/agents', headers: headers(s), payload: { name: 'X', phone: '12' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.phone).toBeDefined();
    // the new agent can sign in and sees their (empty) inbox
    const nia = await signIn({ ...admin, phone: '+12065550166' });
    expect((await app.inject({ method: 'GET', url: '/v1/agent/leads', headers: headers(nia) })).json().total).toBe(0);
  });
});
