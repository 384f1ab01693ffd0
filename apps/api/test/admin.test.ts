import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAgent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const TOKEN = 'test-admin-token-0123456789';

async function appWith(env: Record<string, string>) {
  const { database, drop } = await createTestDatabase();
  await ensureDemoAgent(database.db);
  const app = await buildApi(
    { config: testConfig(env), database, queue: {} as never, storage: { get: async () => null }, suggestAddresses: async () => [] },
    { logger: false },
  );
  return { app, database, drop };
}

describe(`admin API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  let database: Database;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    ({ app, drop, database } = await appWith({ ADMIN_TOKEN: TOKEN }));
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token that is a prefix of the real one', { authorization: `Bearer ${TOKEN.slice(0, 10)}` }],
    ['Basic auth', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }],
  ])('refuses %s with 401 and the standard error shape', async (_label, headers) => {
    for (const [method, url] of [
      ['GET', '/v1/admin/agents'],
      ['POST', '/v1/admin/agents'],
      ['PATCH', '/v1/admin/agents/demo'],
      ['GET', '/v1/admin/accounts'],
    ] as const) {
      const res = await app.inject({ method, url, headers, payload: method === 'GET' ? undefined : { name: 'X' } });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('creates an account and an agent with a generated code, lists and updates them', async () => {
    const account = await app.inject({
      method: 'POST',
      url: '/v1/admin/accounts',
      headers: auth,
      payload: { name: 'Cascade Homes', primary_color: '#1d4ed8', logo_url: 'https://cdn.example.com/logo.png' },
    });
    expect(account.statusCode).toBe(201);
    const accountId = account.json().id;

    const created = await app.inject({
      method: 'POST',
      url: '/v1/admin/agents',
      headers: auth,
      payload: {
        name: 'Pat Lee',
        phone: '(206) 555-0100',
        email: 'pat@example.com',
        account_id: accountId,
        landing_page_headline: 'Your home, valued',
      },
    });
    expect(created.statusCode).toBe(201);
    const agent = created.json();
    expect(agent.agent_code).toMatch(/^[23456789abcdefghjkmnpqrstuvwxyz]{7}$/);
    expect(agent.phone).toBe('+12065550100');
    expect(agent.landing_page_url).toBe(`http://localhost:3000/cma/${agent.agent_code}`);

    const landing = await app.inject({ method: 'GET', url: `/v1/agents/${agent.agent_code}/landing-page` });
    expect(landing.json()).toMatchObject({
      agent: { name: 'Pat Lee', headline: 'Your home, valued' },
      account: { name: 'Cascade Homes', primaryColor: '#1d4ed8' },
    });

    const updated = await app.inject({
      method: 'PATCH',
      url: `/v1/admin/agents/${agent.agent_code}`,
      headers: auth,
      payload: { landing_page_cta_text: 'Value my home', landing_page_headline: null },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ agent_code: agent.agent_code, landing_page_cta_text: 'Value my home', landing_page_headline: null });

    const acc = await app.inject({ method: 'PATCH', url: `/v1/admin/accounts/${accountId}`, headers: auth, payload: { branding_enabled: false } });
    expect(acc.json().branding_enabled).toBe(false);

    const list = (await app.inject({ method: 'GET', url: '/v1/admin/agents', headers: auth })).json();
    expect(list.agents.map((a: { agent_code: string }) => a.agent_code)).toEqual(expect.arrayContaining(['demo', agent.agent_code]));
    const accounts = (await app.inject({ method: 'GET', url: '/v1/admin/accounts', headers: auth })).json();
    expect(accounts.accounts.map((a: { name: string }) => a.name)).toContain('Cascade Homes');
  });

  it.each([
    ['a non-hex colour', '/v1/admin/accounts', { name: 'A', primary_color: 'red;x' }, 'primary_color'],
    ['an http logo', '/v1/admin/accounts', { name: 'A', logo_url: 'http://x.example/l.png' }, 'logo_url'],
    ['a missing name', '/v1/admin/agents', { email: 'a@example.com' }, 'name'],
    ['a bad phone', '/v1/admin/agents', { name: 'A', phone: '12' }, 'phone'],
    ['a javascript: photo', '/v1/admin/agents', { name: 'A', photo_url: 'javascript:alert(1)' }, 'photo_url'],
    ['an unknown field', '/v1/admin/agents', { name: 'A', is_admin: true }, 'body'],
  ])('rejects %s with 400', async (_label, url, payload, field) => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    if (field !== 'body') expect(Object.keys(res.json().error.fields)).toContain(field);
  });

  it('answers 404 for an unknown agent and 409 for a taken code', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/v1/admin/agents/nobody99', headers: auth, payload: { name: 'X' } })).statusCode).toBe(404);
    const taken = await app.inject({ method: 'POST', url: '/v1/admin/agents', headers: auth, payload: { name: 'X', agent_code: 'demo' } });
    expect(taken.statusCode).toBe(409);
    expect(database).toBeTruthy();
  });

  it('is described in OpenAPI with bearer auth', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/admin/agents', '/v1/admin/agents/{agent_code}', '/v1/admin/accounts', '/v1/properties/lookup']),
    );
    expect(spec.paths['/v1/admin/agents'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('does not exist without ADMIN_TOKEN', async () => {
    const off = await appWith({});
    try {
      const res = await off.app.inject({ method: 'GET', url: '/v1/admin/agents', headers: { authorization: 'Bearer anything' } });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.app.close();
      await off.drop();
    }
  });
});
