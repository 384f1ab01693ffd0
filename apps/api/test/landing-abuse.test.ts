import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { CONSENT_COLUMNS, consumer_reports, ensureDemoAgent, updateConsumerReport } from '@opencma/db';
import { createPgBossQueue, PROCESS_CONSUMER_REPORT } from '@opencma/queue';
import { buildApi, type ApiDeps } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';
import { startFakeTurnstile } from '../../../tests/helpers/fake-turnstile';

const body = (patch: Record<string, unknown> = {}) => ({
  agent_code: 'demo',
  phone: '(201) 555-0123',
  address: '4011 NE 88th St, Seattle, WA 98115',
  consent: true,
  consent_version: 2,
  ...patch,
});

/** A North American test number per index (555-01xx is reserved for fiction). */
const phoneN = (i: number) => `(201) 555-01${String(i).padStart(2, '0')}`;

async function harness(env: Record<string, string>, extra: Partial<ApiDeps> = {}) {
  const { database, drop } = await createTestDatabase();
  await ensureDemoAgent(database.db);
  const queue = createPgBossQueue({ sql: database.sql, attempts: 3, backoffMs: 1000 });
  await queue.start();
  const app = await buildApi(
    { config: testConfig(env), database, queue, storage: { get: async () => null }, suggestAddresses: async () => [], ...extra },
    { logger: false },
  );
  const jobs = async () => {
    const r = await database.sql.executeSql(`select count(*)::int as n from pgboss.job where name = $1`, [PROCESS_CONSUMER_REPORT]);
    return (r.rows[0] as { n: number }).n;
  };
  const reports = async () => {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(consumer_reports);
    return row!.n;
  };
  const post = (payload: object, ip = '203.0.113.10') =>
    app.inject({ method: 'POST', url: '/v1/consumer-reports', payload, headers: { 'x-forwarded-for': ip }, remoteAddress: '127.0.0.1' });
  return {
    database,
    app,
    jobs,
    reports,
    post,
    async close() {
      await app.close();
      await queue.stop();
      await drop();
    },
  };
}

describe(`landing-page abuse resistance (${testDatabaseKind})`, () => {
  describe('rate limits', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    beforeAll(async () => {
      h = await harness({
        RATE_LIMIT_PHONE_PER_HOUR: '2',
        RATE_LIMIT_IP_PER_HOUR: '4',
        RATE_LIMIT_AGENT_PER_HOUR: '6',
        RATE_LIMIT_LOOKUPS_PER_MINUTE: '3',
      });
    });
    afterAll(() => h?.close());

    it('limits one phone number: 429 with Retry-After and the standard error shape, nothing stored', async () => {
      for (const street of ['1 A St', '2 B St']) {
        expect((await h.post(body({ address: `${street}, Seattle WA`, phone: '(201) 555-0111' }), '198.51.100.1')).statusCode).toBe(202);
      }
      const before = await h.reports();
      const res = await h.post(body({ address: '3 C St, Seattle WA', phone: '201-555-0111' }), '198.51.100.2');
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect(res.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/phone number/) } });
      expect(await h.reports()).toBe(before);
    });

    it('limits one client IP', async () => {
      const ip = '198.51.100.50';
      for (let i = 0; i < 4; i++) {
        expect((await h.post(body({ address: `${10 + i} D St, Seattle WA`, phone: phoneN(20 + i) }), ip)).statusCode).toBe(202);
      }
      const res = await h.post(body({ address: '99 D St, Seattle WA', phone: phoneN(30) }), ip);
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.json().error.code).toBe('rate_limited');
    });

    it('limits address suggestions and property lookups per IP per minute', async () => {
      const get = (url: string, ip: string) => h.app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': ip }, remoteAddress: '127.0.0.1' });
      for (let i = 0; i < 3; i++) expect((await get('/v1/addresses?q=1156%20N', '198.51.100.70')).statusCode).toBe(200);
      const limited = await get('/v1/addresses?q=1156%20N', '198.51.100.70');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await get('/v1/addresses?q=1156%20N', '198.51.100.71')).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await get('/v1/properties/lookup?address=1156%20N%2093rd%20St', '198.51.100.70')).statusCode).toBe(200);
      expect((await get('/v1/properties/lookup?address=1156%20N%2093rd%20St', '198.51.100.70')).statusCode).toBe(429);
    });

    it('limits one agent across phones and IPs', async () => {
      // 6 per agent per hour; the tests above already used 6 of them.
      const res = await h.post(body({ address: '5 E St, Seattle WA', phone: phoneN(40) }), '198.51.100.99');
      expect(res.statusCode).toBe(429);
      expect(res.json().error.message).toMatch(/this page/i);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    });
  });

  describe('repeat submissions', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    beforeAll(async () => {
      h = await harness({});
    });
    afterAll(() => h?.close());

    it('returns the existing report (same id, 202) within 24 h and queues nothing new, so no new texts', async () => {
      const first = await h.post(body());
      expect(first.statusCode).toBe(202);
      const id = first.json().report_id;
      const [reports, jobs] = [await h.reports(), await h.jobs()];
      // same phone written differently, address with other spacing and case
      const again = await h.post(body({ phone: '+1 201 555 0123', address: '4011  ne 88th St, Seattle, WA 98115 ' }), '192.0.2.77');
      expect(again.statusCode).toBe(202);
      expect(again.json().report_id).toBe(id);
      expect(await h.reports()).toBe(reports);
      expect(await h.jobs()).toBe(jobs);
    });

    it('keeps the consent record append-only: no update path writes the consent columns', async () => {
      const id = (await h.post(body({ address: '77 Consent Ave, Seattle WA' }))).json().report_id;
      const [before] = await h.database.db.select().from(consumer_reports).where(eq(consumer_reports.id, id));
      for (const column of CONSENT_COLUMNS) {
        await expect(updateConsumerReport(h.database.db, id, { [column]: 'changed' } as never)).rejects.toThrow(/never updated/);
      }
      // a repeat submission with different consent details returns the report and leaves its record alone
      const again = await h.post(
        body({
          address: '77 Consent Ave, Seattle WA',
          consent_version: 1,
          consent_text: 'Some other consent wording here.',
          page_url: 'https://evil.example/',
        }),
        '192.0.2.99',
      );
      expect(again.json().report_id).toBe(id);
      const [after] = await h.database.db.select().from(consumer_reports).where(eq(consumer_reports.id, id));
      for (const column of CONSENT_COLUMNS) expect(after![column]).toEqual(before![column]);
    });

    it('creates a new report for another address, or once the first is older than 24 h', async () => {
      const a = (await h.post(body({ address: '12211 SE 65th St, Bellevue, WA 98006' }))).json().report_id;
      const b = (await h.post(body({ address: '1156 N 93rd St, Seattle, WA 98103' }))).json().report_id;
      expect(a).not.toBe(b);
      await updateConsumerReport(h.database.db, a, { created_at: new Date(Date.now() - 25 * 3600_000) } as never);
      const c = (await h.post(body({ address: '12211 SE 65th St, Bellevue, WA 98006' }))).json().report_id;
      expect(c).not.toBe(a);
    });
  });

  describe('Turnstile', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let fake: Awaited<ReturnType<typeof startFakeTurnstile>>;
    beforeAll(async () => {
      fake = await startFakeTurnstile(['good-token']);
      h = await harness({ TURNSTILE_SITE_KEY: '1x00000000000000000000AA', TURNSTILE_SECRET_KEY: 'secret-xyz', TURNSTILE_VERIFY_URL: fake.url });
    });
    afterAll(async () => {
      await h?.close();
      await fake?.close();
    });

    it('accepts a token siteverify confirms, sending the secret and the client IP', async () => {
      const res = await h.post(body({ turnstile_token: 'good-token' }), '203.0.113.5');
      expect(res.statusCode).toBe(202);
      expect(fake.requests.at(-1)).toEqual({ secret: 'secret-xyz', response: 'good-token', remoteip: '203.0.113.5' });
    });

    it.each([
      ['a rejected token', { turnstile_token: 'forged' }],
      ['no token', {}],
    ])('refuses %s with a 400 field error and stores nothing', async (_label, patch) => {
      const before = await h.reports();
      const res = await h.post(body({ address: '7 F St, Seattle WA', ...patch }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('turnstile');
      expect(await h.reports()).toBe(before);
    });
  });

  describe('property facts', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    beforeAll(async () => {
      h = await harness(
        {},
        {
          findSubject: async (q) =>
            q.address.startsWith('1156 N 93rd')
              ? { address: '1156 N 93rd St', bedrooms: 3, bathrooms: 1.75, sqftLiving: 1560, yearBuilt: 1952, latitude: 47.7, longitude: -122.3 }
              : null,
        },
      );
    });
    afterAll(() => h?.close());

    it('stores valid corrections in consumer_facts', async () => {
      const res = await h.post(
        body({ address: '1156 N 93rd St, Seattle, WA 98103', facts: { bedrooms: 4, bathrooms: 2.5, sqftLiving: 1800, yearBuilt: 1952 } }),
      );
      expect(res.statusCode).toBe(202);
      const [row] = await h.database.db.select().from(consumer_reports).where(eq(consumer_reports.id, res.json().report_id));
      expect(row!.consumer_facts).toEqual({ bedrooms: 4, bathrooms: 2.5, sqftLiving: 1800, yearBuilt: 1952 });
    });

    it.each([
      ['fractional bedrooms', { bedrooms: 2.5 }, 'facts.bedrooms'],
      ['too many bedrooms', { bedrooms: 40 }, 'facts.bedrooms'],
      ['bathrooms not in quarters', { bathrooms: 2.3 }, 'facts.bathrooms'],
      ['a tiny house', { sqftLiving: 20 }, 'facts.sqftLiving'],
      ['a year in the future', { yearBuilt: 2999 }, 'facts.yearBuilt'],
      ['a string', { bedrooms: '3' }, 'facts.bedrooms'],
      ['an unknown fact', { pool: true }, 'facts'],
    ])('rejects %s with a 400 field error and stores nothing', async (_label, facts, field) => {
      const before = await h.reports();
      const res = await h.post(body({ address: '9 G St, Seattle WA', facts }));
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields)).toContain(field);
      expect(await h.reports()).toBe(before);
    });

    it('looks up what the MLS knows about a home, and answers null for an unknown one', async () => {
      const known = await h.app.inject({ method: 'GET', url: '/v1/properties/lookup?address=1156%20N%2093rd%20St&postalCode=98103' });
      expect(known.statusCode).toBe(200);
      expect(known.json()).toEqual({ property: { address: '1156 N 93rd St', bedrooms: 3, bathrooms: 1.75, sqftLiving: 1560, yearBuilt: 1952 } });
      const unknown = await h.app.inject({ method: 'GET', url: '/v1/properties/lookup?address=1%20Nowhere%20Rd' });
      expect(unknown.json()).toEqual({ property: null });
      expect((await h.app.inject({ method: 'GET', url: '/v1/properties/lookup?address=x' })).statusCode).toBe(400);
    });
  });
});
