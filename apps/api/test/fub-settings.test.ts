import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAccount, createAgent, ensureDemoAgent, fubSettingsForAgent, readFubApiKey, schema, type Agent, type Database } from '@opencma/db';
import { insertTestReport } from '../../../tests/helpers/test-report';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { type Signed, signInAgent } from './agent-sign-in';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const TOKEN = 'admin-token-for-fub-tests-0123456789';
const AGENT_KEY = 'fka_agentKey0123456789abcdefWXYZ';
const OTHER_KEY = 'fka_otherKey0123456789abcdefQRST';
const ACCOUNT_KEY = 'fka_accountKey0123456789abcdACCT';
const ADMIN_SET_KEY = 'fka_adminSetKey0123456789abcADMN';
const ALL_KEYS = [AGENT_KEY, OTHER_KEY, ACCOUNT_KEY, ADMIN_SET_KEY];

describe(`Follow Up Boss keys: agent workspace and admin API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let pat: Agent;
  let sam: Agent;
  let admin: Agent;
  let outsider: Agent;
  const logs: string[] = [];

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    const demo = await ensureDemoAgent(database.db);
    pat = await createAgent(database.db, { name: 'Pat Lee', phone: '+12065550171', account_id: demo.account_id });
    sam = await createAgent(database.db, { name: 'Sam Roe', phone: '+12065550172', account_id: demo.account_id });
    admin = await createAgent(database.db, { name: 'Ada Admin', phone: '+12065550173', account_id: demo.account_id, role: 'account_admin' });
    const other = await createAccount(database.db, { name: 'Other Realty' });
    outsider = await createAgent(database.db, { name: 'Otto Out', phone: '+12065550174', account_id: other.id });
    app = await buildApi(
      {
        config: testConfig({ ADMIN_TOKEN: TOKEN, RATE_LIMIT_SIGN_IN_PER_HOUR: '0', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0', LOG_LEVEL: 'trace' }),
        database,
        queue: {} as never,
        storage: { get: async () => null },
        suggestAddresses: async () => [],
      },
      {
        logger: {
          stream: new Writable({
            write(chunk, _enc, done) {
              logs.push(String(chunk));
              done();
            },
          }),
        },
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const headers = (s: Signed) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
  const put = (s: Signed, url: string, api_key: string) => app.inject({ method: 'PUT', url, headers: headers(s), payload: { api_key } });
  const admin_ = { authorization: `Bearer ${TOKEN}` };

  it('an agent sets their key and sees only its last 4 characters', async () => {
    const s = await signInAgent(app, database, pat);
    const res = await put(s, '/v1/agent/integrations/fub', AGENT_KEY);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ own: { api_key_last4: 'WXYZ', updated_at: expect.any(String) }, account: null, applies: 'own' });
    expect(res.body).not.toContain(AGENT_KEY);
    const get = await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub', headers: headers(s) });
    expect(get.json().own.api_key_last4).toBe('WXYZ');
    expect(get.headers['cache-control']).toBe('no-store');
  });

  it('not yours: another agent sees and changes only their own key, never the first agent’s', async () => {
    const s = await signInAgent(app, database, sam);
    const get = await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub', headers: headers(s) });
    expect(get.json()).toEqual({ own: null, account: null, applies: null, recent: [] });
    expect(get.body).not.toContain('WXYZ');
    // Setting and removing act on the signed-in agent only, whatever the request says.
    const set = await app.inject({
      method: 'PUT',
      url: '/v1/agent/integrations/fub',
      headers: headers(s),
      payload: { api_key: OTHER_KEY, agent_id: pat.id },
    });
    expect(set.statusCode).toBe(400);
    expect(await put(s, '/v1/agent/integrations/fub', OTHER_KEY).then((r) => r.json().own.api_key_last4)).toBe('QRST');
    await app.inject({ method: 'DELETE', url: `/v1/agent/integrations/fub?agent_id=${pat.id}`, headers: headers(s) });
    const patSettings = await fubSettingsForAgent(database.db, pat.id, pat.account_id);
    expect(patSettings.own?.api_key_last4).toBe('WXYZ');
    expect(await readFubApiKey(database.db, patSettings.own!.id)).toBe(AGENT_KEY);
    expect((await fubSettingsForAgent(database.db, sam.id, sam.account_id)).own).toBeNull();
  });

  it('needs a session and the CSRF token; a bad key is a 400 that changes nothing and does not repeat it', async () => {
    const s = await signInAgent(app, database, pat);
    expect((await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub' })).statusCode).toBe(401);
    const noCsrf = await app.inject({
      method: 'PUT',
      url: '/v1/agent/integrations/fub',
      headers: { cookie: s.cookie },
      payload: { api_key: OTHER_KEY },
    });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await put(s, '/v1/agent/integrations/fub', 'has spaces in it secret');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.api_key).toMatch(/no spaces/);
    expect(bad.body).not.toContain('secret');
    expect((await fubSettingsForAgent(database.db, pat.id, pat.account_id)).own?.api_key_last4).toBe('WXYZ');
  });

  it('a brokerage admin sets the account key; it applies to agents without their own, in that account only', async () => {
    const notAdmin = await signInAgent(app, database, sam);
    const refused = await put(notAdmin, '/v1/agent/account/integrations/fub', ACCOUNT_KEY);
    expect(refused.statusCode).toBe(403);
    expect((await fubSettingsForAgent(database.db, sam.id, sam.account_id)).account).toBeNull();

    const s = await signInAgent(app, database, admin);
    const res = await put(s, '/v1/agent/account/integrations/fub', ACCOUNT_KEY);
    expect(res.statusCode).toBe(200);
    expect(res.json().account.api_key_last4).toBe('ACCT');
    expect(res.body).not.toContain(ACCOUNT_KEY);
    expect((await fubSettingsForAgent(database.db, sam.id, sam.account_id)).applies).toBe('account');
    expect((await fubSettingsForAgent(database.db, pat.id, pat.account_id)).applies).toBe('own');
    const out = await signInAgent(app, database, outsider);
    expect((await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub', headers: headers(out) })).json()).toEqual({
      own: null,
      account: null,
      applies: null,
      recent: [],
    });
  });

  it('shows the agent their failed Follow Up Boss deliveries with the reason, and nobody else', async () => {
    const report = await insertTestReport(database, { agent_id: pat.id, property_address: '9 Failed Way, Seattle, WA 98101' });
    const [event] = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    const connection = (await fubSettingsForAgent(database.db, pat.id, pat.account_id)).own!;
    await database.db.insert(schema.deliveries).values({
      event_id: event!.id,
      channel: 'fub',
      destination: connection.id,
      status: 'failed',
      attempts: 1,
      response_status: 401,
      last_error: 'Follow Up Boss refused the API key (401 Unauthorized): check or replace the key',
    });
    const mine = await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub', headers: headers(await signInAgent(app, database, pat)) });
    expect(mine.json().recent).toEqual([
      expect.objectContaining({
        report_id: report.id,
        event_type: 'lead.created',
        status: 'failed',
        response_status: 401,
        last_error: expect.stringContaining('401'),
      }),
    ]);
    const theirs = await app.inject({ method: 'GET', url: '/v1/agent/integrations/fub', headers: headers(await signInAgent(app, database, sam)) });
    expect(theirs.json().recent).toEqual([]);
  });

  it('admin API: sets, shows (last 4) and removes agent and account keys; unknown ones are 404', async () => {
    const set = await app.inject({
      method: 'PUT',
      url: `/v1/admin/agents/${outsider.agent_code}/fub`,
      headers: admin_,
      payload: { api_key: ADMIN_SET_KEY },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ own: { api_key_last4: 'ADMN' }, applies: 'own' });
    expect(set.body).not.toContain(ADMIN_SET_KEY);
    const get = await app.inject({ method: 'GET', url: `/v1/admin/agents/${outsider.agent_code}/fub`, headers: admin_ });
    expect(get.json().own.api_key_last4).toBe('ADMN');
    expect((await app.inject({ method: 'GET', url: '/v1/admin/agents/nosuch1/fub', headers: admin_ })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/v1/admin/agents/${outsider.agent_code}/fub` })).statusCode).toBe(401);
    const account = await app.inject({ method: 'GET', url: `/v1/admin/accounts/${pat.account_id}/fub`, headers: admin_ });
    expect(account.json()).toEqual({ key: { api_key_last4: 'ACCT', updated_at: expect.any(String) } });
    const removed = await app.inject({ method: 'DELETE', url: `/v1/admin/agents/${outsider.agent_code}/fub`, headers: admin_ });
    expect(removed.json()).toEqual({ own: null, account: null, applies: null });
    const missing = await app.inject({ method: 'GET', url: '/v1/admin/accounts/00000000-0000-4000-8000-000000000000/fub', headers: admin_ });
    expect(missing.statusCode).toBe(404);
  });

  it('OpenAPI describes the key endpoints; no answer schema has an api_key', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const path of [
      '/v1/agent/integrations/fub',
      '/v1/agent/account/integrations/fub',
      '/v1/admin/agents/{agent_code}/fub',
      '/v1/admin/accounts/{id}/fub',
    ]) {
      expect(spec.paths[path], path).toBeDefined();
      for (const op of Object.values(spec.paths[path]) as { responses: Record<string, unknown> }[]) {
        // the answer schemas with everything they refer to: last 4 characters, never the key
        const seen = new Set<string>();
        const expand = (json: string): string[] => [
          json,
          ...[...json.matchAll(/#\/components\/schemas\/([\w-]+)/g)]
            .map((m) => m[1]!)
            .filter((id) => !seen.has(id) && seen.add(id))
            .flatMap((id) => expand(JSON.stringify(spec.components.schemas[id]))),
        ];
        const shown = expand(JSON.stringify(op.responses['200'])).join();
        expect(shown).toContain('api_key_last4');
        expect(shown).not.toContain('"api_key"');
      }
    }
    expect(JSON.stringify(spec.paths['/v1/agent/integrations/fub'].put.requestBody)).toContain('api_key');
  });

  it('no key ever appears in the logs', () => {
    expect(logs.length).toBeGreaterThan(10);
    const all = logs.join('\n');
    for (const key of ALL_KEYS) expect(all).not.toContain(key);
  });
});
