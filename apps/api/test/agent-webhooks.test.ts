import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAgent, listWebhookEndpoints, type Agent, type Database } from '@opencma/db';
import { startLocalWebhookReceiver, type LocalWebhookReceiver } from '@opencma/webhooks/receiver';
import type { Resolver } from '@opencma/webhooks';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { type Signed, signInAgent } from './agent-sign-in';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const TOKEN = 'admin-token-for-webhook-tests-0123456789';

/** DNS for the tests: public names, and names that point inside. */
const resolver: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    'hooks.example.com': ['93.184.216.34'],
    'crm.example.org': ['2606:2800:220:1:248:1893:25c8:1946'],
    'internal.example.net': ['93.184.216.34', '10.0.0.8'],
    'metadata.example.net': ['169.254.169.254'],
    'v6local.example.net': ['fd00::5'],
    localhost: ['127.0.0.1', '::1'],
  };
  const found = table[host];
  if (!found) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
};

describe(`agent webhook endpoints API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let receiver: LocalWebhookReceiver;
  let dana: Agent;
  let eve: Agent;
  let admin: Agent;
  let colleague: Agent;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    const account = await createAccount(database.db, { name: 'Harbor Homes' });
    dana = await createAgent(database.db, { name: 'Dana', phone: '+12065550141' });
    eve = await createAgent(database.db, { name: 'Eve', phone: '+12065550142' });
    admin = await createAgent(database.db, { name: 'Ada', phone: '+12065550143', account_id: account.id, role: 'account_admin' });
    colleague = await createAgent(database.db, { name: 'Cole', phone: '+12065550144', account_id: account.id });
    receiver = await startLocalWebhookReceiver({
      secretsFor: async (url) => (await listWebhookEndpoints(database.db, { kind: 'operator' })).filter((e) => e.url === url).map((e) => e.secret),
    });
    app = await buildApi(
      {
        config: testConfig({
          RATE_LIMIT_SIGN_IN_PER_HOUR: '0',
          RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0',
          WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
          WEBHOOK_TIMEOUT_MS: '3000',
          ADMIN_TOKEN: TOKEN,
        }),
        database,
        queue: {} as never,
        storage: { get: async () => null },
        suggestAddresses: async () => [],
        webhookResolver: resolver,
        devWebhookReceiver: receiver,
      },
      { logger: false },
    );
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await drop?.();
  });

  const sessions = new Map<string, Signed>();
  const signIn = async (agent: Agent) => {
    if (!sessions.has(agent.id)) sessions.set(agent.id, await signInAgent(app, database, agent));
    return sessions.get(agent.id)!;
  };
  const as = async (agent: Agent, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const s = await signIn(agent);
    return app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  };
  const count = async () => (await listWebhookEndpoints(database.db, { kind: 'operator' })).length;

  it('registers an https endpoint on a public host; the secret is shown once and never listed', async () => {
    const res = await as(dana, 'POST', '/v1/agent/webhooks', {
      url: 'https://hooks.example.com/opencma',
      event_types: ['lead.created', 'report.completed'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(body.endpoint).toMatchObject({
      owner: 'agent',
      url: 'https://hooks.example.com/opencma',
      event_types: ['lead.created', 'report.completed'],
      enabled: true,
    });
    const list = await as(dana, 'GET', '/v1/agent/webhooks');
    expect(list.json().endpoints).toHaveLength(1);
    expect(list.body).not.toContain(body.secret);
    expect(list.body).not.toContain('whsec_');
  });

  it.each([
    ['http://hooks.example.com/x', 'The URL must use https://.'],
    ['https://127.0.0.2/x', 'loopback'], // 127.0.0.1 itself is allow-listed here (for the receiver)
    ['https://[::1]/x', 'loopback'],
    ['https://10.1.2.3/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['https://[::ffff:192.168.0.1]/x', 'private'],
    ['https://internal.example.net/x', '10.0.0.8, a private address'],
    ['https://metadata.example.net/x', 'linkLocal'],
    ['https://v6local.example.net/x', 'uniqueLocal'],
    ['https://localhost/x', 'loopback'], // not allow-listed by name, though its address is
    ['https://unknown.example.net/x', 'could not be resolved'],
    ['https://user:pw@hooks.example.com/x', 'user name or password'],
    ['javascript:alert(1)', 'https://'],
  ])('refuses %s with a clear 400 and stores nothing', async (url, reason) => {
    const before = await count();
    const res = await as(dana, 'POST', '/v1/agent/webhooks', { url });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.fields.url).toContain(reason);
    expect(await count()).toBe(before);
  });

  it('refuses unknown event types and no events', async () => {
    for (const event_types of [['lead.deleted'], []]) {
      const res = await as(dana, 'POST', '/v1/agent/webhooks', { url: 'https://hooks.example.com/x', event_types });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields)[0]).toMatch(/^event_types/);
    }
  });

  it("an agent cannot see or change another agent's endpoint: 404, the same as a missing one", async () => {
    const created = (await as(dana, 'POST', '/v1/agent/webhooks', { url: 'https://crm.example.org/in' })).json();
    const id = created.endpoint.id as string;
    expect((await as(eve, 'GET', '/v1/agent/webhooks')).json().endpoints).toEqual([]);
    for (const target of [id, randomUUID(), 'not-a-uuid']) {
      for (const [method, url, payload] of [
        ['PATCH', `/v1/agent/webhooks/${target}`, { enabled: false }],
        ['DELETE', `/v1/agent/webhooks/${target}`, undefined],
        ['POST', `/v1/agent/webhooks/${target}/test`, {}],
        ['GET', `/v1/agent/webhooks/${target}/deliveries`, undefined],
      ] as const) {
        const res = await as(eve, method, url, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json()).toEqual({ error: { code: 'not_found', message: 'Webhook endpoint not found' } });
      }
    }
    const mine = (await as(dana, 'GET', '/v1/agent/webhooks')).json().endpoints.find((e: { id: string }) => e.id === id);
    expect(mine.enabled).toBe(true);
    const log = await as(dana, 'GET', `/v1/agent/webhooks/${id}/deliveries`);
    expect(log.statusCode).toBe(200);
    expect(log.json()).toEqual({ deliveries: [] });
  });

  it('disables, changes events and deletes its own endpoint', async () => {
    const id = (await as(dana, 'POST', '/v1/agent/webhooks', { url: 'https://hooks.example.com/y' })).json().endpoint.id;
    const off = await as(dana, 'PATCH', `/v1/agent/webhooks/${id}`, { enabled: false, event_types: ['report.viewed'] });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, event_types: ['report.viewed'] });
    expect((await as(dana, 'PATCH', `/v1/agent/webhooks/${id}`, {})).statusCode).toBe(400);
    expect((await as(dana, 'DELETE', `/v1/agent/webhooks/${id}`)).statusCode).toBe(204);
    expect((await as(dana, 'DELETE', `/v1/agent/webhooks/${id}`)).statusCode).toBe(404);
  });

  it('caps the endpoints per agent (every event fans out to each)', async () => {
    const mine = (await as(eve, 'GET', '/v1/agent/webhooks')).json().endpoints.length;
    for (let i = mine; i < 10; i++)
      expect((await as(eve, 'POST', '/v1/agent/webhooks', { url: `https://hooks.example.com/eve/${i}` })).statusCode).toBe(201);
    const res = await as(eve, 'POST', '/v1/agent/webhooks', { url: 'https://hooks.example.com/eve/11' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('too_many_endpoints');
    expect((await as(eve, 'GET', '/v1/agent/webhooks')).json().endpoints).toHaveLength(10);
    for (const e of (await as(eve, 'GET', '/v1/agent/webhooks')).json().endpoints) await as(eve, 'DELETE', `/v1/agent/webhooks/${e.id}`);
  });

  it('changes need the CSRF token', async () => {
    const s = await signIn(dana);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/agent/webhooks',
      payload: { url: 'https://hooks.example.com/z' },
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    expect((await app.inject({ method: 'GET', url: '/v1/agent/webhooks' })).statusCode).toBe(401);
  });

  it("a brokerage endpoint: only the account's admin may add, see and change it", async () => {
    const refused = await as(colleague, 'POST', '/v1/agent/webhooks', { url: 'https://hooks.example.com/b', owner: 'account' });
    expect(refused.statusCode).toBe(403);
    const res = await as(admin, 'POST', '/v1/agent/webhooks', { url: 'https://hooks.example.com/brokerage', owner: 'account' });
    expect(res.statusCode).toBe(201);
    const { endpoint } = res.json();
    expect(endpoint).toMatchObject({ owner: 'account', agent_id: null });
    expect((await as(admin, 'GET', '/v1/agent/webhooks')).json().endpoints.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    expect((await as(colleague, 'GET', '/v1/agent/webhooks')).json().endpoints).toEqual([]);
    expect((await as(colleague, 'PATCH', `/v1/agent/webhooks/${endpoint.id}`, { enabled: false })).statusCode).toBe(404);
    expect((await as(dana, 'DELETE', `/v1/agent/webhooks/${endpoint.id}`)).statusCode).toBe(404);
  });

  it('sends a signed test event that the receiver verifies with the secret shown at creation', async () => {
    const created = (await as(dana, 'POST', '/v1/agent/webhooks', { url: `${receiver.url}/hooks/dana` })).json();
    const res = await as(dana, 'POST', `/v1/agent/webhooks/${created.endpoint.id}/test`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ outcome: 'sent', response_status: 200, error: null });
    expect(receiver.accepted.at(-1)).toMatchObject({ path: '/hooks/dana', type: 'webhook.test', verified: true });
    const dev = (await app.inject({ method: 'GET', url: '/v1/dev/webhooks' })).json();
    expect(dev.receiver_url).toBe(receiver.url);
    expect(dev.requests[0]).toMatchObject({ path: '/hooks/dana', type: 'webhook.test', verified: true, answer: 200, note: 'ok' });
    receiver.failNext(1, 503);
    expect((await as(dana, 'POST', `/v1/agent/webhooks/${created.endpoint.id}/test`, {})).json()).toEqual({
      outcome: 'retry',
      response_status: 503,
      error: 'HTTP 503',
    });
  });

  it('limits test events per agent: the 11th in 10 minutes is a 429 in the one error shape, sends nothing, and another agent is unaffected', async () => {
    const finn = await createAgent(database.db, { name: 'Finn', phone: '+12065550145' });
    const created = (await as(finn, 'POST', '/v1/agent/webhooks', { url: `${receiver.url}/hooks/finn` })).json();
    const url = `/v1/agent/webhooks/${created.endpoint.id}/test`;
    for (let i = 0; i < 10; i++) expect((await as(finn, 'POST', url, {})).statusCode).toBe(200);
    const before = receiver.requests.filter((r) => r.path === '/hooks/finn').length;
    expect(before).toBe(10);
    const res = await as(finn, 'POST', url, {});
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('test events') } });
    expect(receiver.requests.filter((r) => r.path === '/hooks/finn').length).toBe(before);
    // counted per agent: Dana's tests still go out
    const danas = (await as(dana, 'POST', '/v1/agent/webhooks', { url: `${receiver.url}/hooks/dana-2` })).json();
    expect((await as(dana, 'POST', `/v1/agent/webhooks/${danas.endpoint.id}/test`, {})).statusCode).toBe(200);
  });

  it('the OpenAPI description has the webhooks (3.1 `webhooks`) with their payload schema', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      'cma.requested',
      'lead.created',
      'lead.likely_to_sell',
      'lead.status_changed',
      'report.completed',
      'report.failed',
      'report.viewed',
    ]);
    const post = doc.webhooks['lead.created'].post;
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect(post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/WebhookPayload');
    const payload = doc.components.schemas.WebhookPayload;
    expect(payload.required).toEqual(['type', 'timestamp', 'data']);
    expect(Object.keys(payload.properties.data.properties)).toEqual(expect.arrayContaining(['report_id', 'consumer_phone', 'estimate', 'agent']));
    expect(doc.paths['/v1/agent/webhooks'].post).toBeDefined();
    expect(doc.paths['/v1/admin/webhook-endpoints'].post).toBeDefined();
  });

  describe('admin API', () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    it('registers for an agent (checked like the agent API), lists, disables and deletes', async () => {
      expect((await app.inject({ method: 'GET', url: '/v1/admin/webhook-endpoints' })).statusCode).toBe(401);
      const bad = await app.inject({
        method: 'POST',
        url: '/v1/admin/webhook-endpoints',
        headers: auth,
        payload: { agent_code: eve.agent_code, url: 'https://10.0.0.1/' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields.url).toContain('private');
      const res = await app.inject({
        method: 'POST',
        url: '/v1/admin/webhook-endpoints',
        headers: auth,
        payload: { agent_code: eve.agent_code, url: 'https://hooks.example.com/eve' },
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().endpoint.id;
      expect(res.json().secret).toMatch(/^whsec_/);
      const list = await app.inject({ method: 'GET', url: `/v1/admin/webhook-endpoints?agent_code=${eve.agent_code}`, headers: auth });
      expect(list.json().endpoints.map((e: { id: string }) => e.id)).toEqual([id]);
      expect(list.body).not.toContain('whsec_');
      const off = await app.inject({ method: 'PATCH', url: `/v1/admin/webhook-endpoints/${id}`, headers: auth, payload: { enabled: false } });
      expect(off.json().enabled).toBe(false);
      expect((await app.inject({ method: 'DELETE', url: `/v1/admin/webhook-endpoints/${id}`, headers: auth })).statusCode).toBe(204);
      expect((await app.inject({ method: 'DELETE', url: `/v1/admin/webhook-endpoints/${id}`, headers: auth })).statusCode).toBe(404);
    });
  });
});
