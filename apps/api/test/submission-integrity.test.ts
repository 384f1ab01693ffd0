/**
 * The submission edge of issue #21 through the API's public interface, on PGlite (and PostgreSQL with
 * TEST_DATABASE_URL): who the client is (TRUSTED_PROXIES), what the consent record holds and that the
 * database keeps it, identical submissions at once, control characters, and report ids in logs.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentDisclosure } from '@opencma/core';
import { ensureDemoAgent, insertPendingReportOnce, reportRef } from '@opencma/db';
import { createPgBossQueue, PROCESS_CONSUMER_REPORT } from '@opencma/queue';
import { buildApi } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const body = (patch: Record<string, unknown> = {}) => ({
  agent_code: 'demo',
  phone: '(201) 555-0123',
  address: '4011 NE 88th St, Seattle, WA 98115',
  consent: true,
  consent_version: 2,
  ...patch,
});
const phoneN = (i: number) => `(201) 555-01${String(i).padStart(2, '0')}`;

async function harness(env: Record<string, string> = {}, logStream?: Writable) {
  const { database, drop } = await createTestDatabase();
  await ensureDemoAgent(database.db);
  const queue = createPgBossQueue({ sql: database.sql, attempts: 3, backoffMs: 1000 });
  await queue.start();
  const app = await buildApi(
    { config: testConfig(env), database, queue, storage: { get: async () => null }, suggestAddresses: async () => [] },
    { logger: logStream ? { level: 'info', stream: logStream } : false },
  );
  const query = async <T>(text: string, values?: unknown[]) => (await database.sql.executeSql(text, values)).rows as T[];
  const post = (payload: object, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/v1/consumer-reports', payload, headers, remoteAddress });
  const consentIp = async (id: string) =>
    (await query<{ consent_ip: string }>('select consent_ip from consumer_reports where id = $1', [id]))[0]?.consent_ip;
  return {
    app,
    database,
    query,
    post,
    consentIp,
    async close() {
      await app.close();
      await queue.stop();
      await drop();
    },
  };
}

describe(`client address: one trust model (${testDatabaseKind})`, () => {
  describe('TRUSTED_PROXIES unset', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    beforeAll(async () => {
      h = await harness({ RATE_LIMIT_IP_PER_HOUR: '3' });
    });
    afterAll(() => h?.close());

    it('ignores X-Forwarded-For from a peer that is neither the web app (loopback) nor a trusted proxy', async () => {
      const res = await h.post(body({ phone: phoneN(1), address: '1 Forged St, Seattle WA' }), { 'x-forwarded-for': '203.0.113.77' }, '198.51.100.9');
      expect(res.statusCode).toBe(202);
      expect(await h.consentIp(res.json().report_id)).toBe('198.51.100.9');
    });

    it('counts forged headers from one client against one per-IP limit', async () => {
      // 3 an hour; the test above used one from this peer
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const forged = { 'x-forwarded-for': `192.0.2.${i + 1}, 10.0.0.${i + 1}` };
        statuses.push((await h.post(body({ phone: phoneN(10 + i), address: `${i + 2} Forged St, Seattle WA` }), forged, '198.51.100.9')).statusCode);
      }
      expect(statuses).toEqual([202, 202, 429]);
      const ips = await h.query<{ consent_ip: string }>('select distinct consent_ip from consumer_reports where property_address like $1', [
        '% Forged St%',
      ]);
      expect(ips.map((r) => r.consent_ip)).toEqual(['198.51.100.9']);
    });

    it('takes the client address the web app (on loopback) settled', async () => {
      const res = await h.post(body({ phone: phoneN(20), address: '1 Web Tier Rd, Seattle WA' }), { 'x-forwarded-for': '203.0.113.5' }, '127.0.0.1');
      expect(await h.consentIp(res.json().report_id)).toBe('203.0.113.5');
    });
  });

  describe('TRUSTED_PROXIES=198.51.100.0/24 (a load balancer, or the web app on another host)', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    beforeAll(async () => {
      h = await harness({ TRUSTED_PROXIES: '198.51.100.0/24' });
    });
    afterAll(() => h?.close());

    it("honours a trusted proxy's X-Forwarded-For, and only as far as the chain is trusted", async () => {
      const a = await h.post(body({ phone: phoneN(30), address: '1 Proxy Way, Seattle WA' }), { 'x-forwarded-for': '203.0.113.9' }, '198.51.100.20');
      expect(await h.consentIp(a.json().report_id)).toBe('203.0.113.9');
      // the client's own forged entry (left of the address the proxy saw) is not believed
      const b = await h.post(
        body({ phone: phoneN(31), address: '2 Proxy Way, Seattle WA' }),
        { 'x-forwarded-for': '1.2.3.4, 203.0.113.10' },
        '198.51.100.20',
      );
      expect(await h.consentIp(b.json().report_id)).toBe('203.0.113.10');
      const c = await h.post(body({ phone: phoneN(32), address: '3 Proxy Way, Seattle WA' }), { 'x-forwarded-for': '203.0.113.11' }, '192.0.2.50');
      expect(await h.consentIp(c.json().report_id)).toBe('192.0.2.50');
    });
  });
});

describe(`submissions: consent, repeats, control characters, logs (${testDatabaseKind})`, () => {
  let h: Awaited<ReturnType<typeof harness>>;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // limits off: what is tested here is the repeat check itself (under a burst beyond RATE_LIMIT_PHONE_PER_HOUR the extra requests get 429)
    h = await harness({ ADMIN_TOKEN: 'admin-token-for-tests-0123456789', RATE_LIMIT_IP_PER_HOUR: '0', RATE_LIMIT_PHONE_PER_HOUR: '0' }, stream);
  });
  afterAll(() => h?.close());

  it("stores the server's disclosure and the agent's page, never the client's text or URL", async () => {
    const res = await h.post(
      body({ address: '10 Consent Ct, Seattle WA', consent_text: 'lorem ipsum dolor sit amet, consectetur', page_url: 'https://evil.example/phish' }),
    );
    expect(res.statusCode).toBe(202);
    const [row] = await h.query<Record<string, unknown>>('select * from consumer_reports where id = $1', [res.json().report_id]);
    expect(row).toMatchObject({
      consent_version: 2,
      consent_text: consentDisclosure(2, { agentName: 'Jordan Avery', brokerage: 'Evergreen Realty Group' }),
      consent_page_url: 'http://localhost:3000/cma/demo',
    });
    expect(String(row!.consent_text)).not.toContain('lorem');
    // an older version the server still knows is rendered as that version
    const old = await h.post(body({ address: '11 Consent Ct, Seattle WA', consent_version: 1 }));
    const [v1] = await h.query<{ consent_text: string }>('select consent_text from consumer_reports where id = $1', [old.json().report_id]);
    expect(v1!.consent_text).toBe(consentDisclosure(1, { agentName: 'Jordan Avery', brokerage: null }));
  });

  it('refuses a raw UPDATE of any consent column (and of the phone) in the database itself', async () => {
    const id = (await h.post(body({ address: '12 Consent Ct, Seattle WA' }))).json().report_id;
    const changes: Array<[string, unknown]> = [
      ['consent_text', 'I agree to anything.'],
      ['consent_text_sha256', '0'.repeat(64)],
      ['consent_version', 1],
      ['consent_at', new Date(0).toISOString()],
      ['consent_ip', '192.0.2.1'],
      ['consent_user_agent', 'forged'],
      ['consent_page_url', 'https://evil.example/'],
      ['consumer_phone', '+12015550199'],
    ];
    for (const [column, value] of changes) {
      await expect(h.query(`update consumer_reports set ${column} = $2 where id = $1`, [id, value])).rejects.toThrow(/append-only/);
    }
    // the rest of the row is still the worker's to update; setting a consent column to its own value is no change
    await h.query("update consumer_reports set status = 'processing', consent_ip = consent_ip where id = $1", [id]);
    const [row] = await h.query<{ status: string }>('select status from consumer_reports where id = $1', [id]);
    expect(row!.status).toBe('processing');
  });

  it('makes one report of 20 identical submissions sent at once; every one gets its id', async () => {
    const payload = body({ phone: phoneN(50), address: '20 Burst Blvd, Seattle WA' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.post(payload)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.json().report_id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const rows = await h.query<{ id: string }>('select id from consumer_reports where property_address = $1', ['20 Burst Blvd, Seattle WA']);
    expect(rows.map((r) => r.id)).toEqual([id]);
    const jobs = await h.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and data->>'report_id' = $2`, [
      PROCESS_CONSUMER_REPORT,
      id,
    ]);
    expect(jobs[0]!.n).toBe(1);
  });

  it('decides in the database: of 20 concurrent inserts of one submission exactly one stores a row', async () => {
    const [agent] = await h.query<{ id: string }>("select id from users where agent_code = 'demo'");
    const row = {
      agent_id: agent!.id,
      consumer_phone: '+12015550177',
      property_address: '21 Burst Blvd, Seattle WA',
      place: null,
      consent_version: 2,
      consent_text: 'x',
      consent_at: new Date(),
      consent_ip: null,
      consent_user_agent: null,
      consent_page_url: null,
    };
    const since = new Date(Date.now() - 3600_000);
    // without the fast-path lookup in front: only the unique submission key stands between them
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        insertPendingReportOnce(h.database.db, { ...row, property_address: i % 2 ? ' 21  burst blvd, Seattle WA' : row.property_address }, since),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const stored = await h.query<{ n: number }>('select count(*)::int as n from consumer_reports where consumer_phone = $1', ['+12015550177']);
    expect(stored[0]!.n).toBe(1);
  });

  it.each([
    ['agent code', { method: 'POST', url: '/v1/consumer-reports', payload: body({ agent_code: 'de\u0000mo' }) }, 'agent_code'],
    ['address', { method: 'POST', url: '/v1/consumer-reports', payload: body({ address: '1 Main St\u0000' }) }, 'address'],
    ['consent text', { method: 'POST', url: '/v1/consumer-reports', payload: body({ consent_text: '\u0000' }) }, 'consent_text'],
    ['an address query', { method: 'GET', url: '/v1/addresses?q=12%00Main' }, 'q'],
    ['an agent code in the path', { method: 'GET', url: '/v1/agents/de%00mo/landing-page' }, 'agent_code'],
    [
      'an admin name',
      {
        method: 'POST',
        url: '/v1/admin/agents',
        payload: { name: 'Pat\u0000Lee', phone: '+12065550100' },
        headers: { authorization: 'Bearer admin-token-for-tests-0123456789' },
      },
      'name',
    ],
  ] as const)('refuses a NUL in %s with a 400 field error, not a 500', async (_label, request, field) => {
    const res = await h.app.inject(request as never);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', fields: { [field]: expect.stringMatching(/control characters/) } });
  });

  it('writes no report id into a log line: request URLs and fields carry a short hash', async () => {
    const id = (await h.post(body({ address: '30 Log Ln, Seattle WA' }))).json().report_id as string;
    await h.app.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` });
    await h.post(body({ address: '30 Log Ln, Seattle WA' })); // a repeat logs the report it returns
    const log = lines.join('');
    expect(log).toContain(`/v1/consumer-reports/${reportRef(id)}`);
    expect(log).toContain(`"report_id":"${reportRef(id)}"`);
    expect(log).not.toContain(id);
  });
});
