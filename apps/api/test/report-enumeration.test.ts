import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAgent } from '@opencma/db';
import { createPgBossQueue } from '@opencma/queue';
import { createMetrics } from '../../../runtime/src/metrics';
import { buildApi } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

/** A well-formed report id that does not exist. */
const unknownId = () => randomBytes(16).toString('base64url');

async function harness(limit: string) {
  const { database, drop } = await createTestDatabase();
  await ensureDemoAgent(database.db);
  const queue = createPgBossQueue({ sql: database.sql, attempts: 3, backoffMs: 1000 });
  await queue.start();
  const metrics = createMetrics(queue);
  const app = await buildApi(
    {
      config: testConfig({ RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE: limit, RATE_LIMIT_IP_PER_HOUR: '0' }),
      database,
      queue,
      storage: { get: async () => null },
      suggestAddresses: async () => [],
      metrics: metrics.api,
    },
    { logger: false },
  );
  // the web app (loopback) names the client in X-Forwarded-For
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const submitted = await app.inject({
    method: 'POST',
    url: '/v1/consumer-reports',
    headers: from('192.0.2.200'),
    remoteAddress: '127.0.0.1',
    payload: { agent_code: 'demo', phone: '(201) 555-0142', address: '4011 NE 88th St, Seattle, WA 98115', consent: true, consent_version: 2 },
  });
  expect(submitted.statusCode).toBe(202);
  const knownId = submitted.json().report_id as string;
  /** One lookup of `id` by `ip`, through the report, its PDF or its events. */
  const lookup = (ip: string, id: string, kind: 'report' | 'pdf' | 'events' = 'report') =>
    kind === 'events'
      ? app.inject({
          method: 'POST',
          url: `/v1/consumer-reports/${id}/events`,
          headers: from(ip),
          remoteAddress: '127.0.0.1',
          payload: { type: 'view', session_id: 'session-0001' },
        })
      : app.inject({
          method: 'GET',
          url: `/v1/consumer-reports/${id}${kind === 'pdf' ? '/pdf' : ''}`,
          headers: from(ip),
          remoteAddress: '127.0.0.1',
        });
  const counted = async (result: 'unknown' | 'limited') => {
    const m = (await metrics.registry.getSingleMetric('opencma_report_lookups_total')?.get())?.values ?? [];
    return m.find((v) => v.labels.result === result)?.value ?? 0;
  };
  return {
    app,
    knownId,
    lookup,
    counted,
    async close() {
      await app.close();
      await queue.stop();
      await drop();
    },
  };
}

describe(`unknown report ids per client IP (${testDatabaseKind})`, () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    h = await harness('3');
  });
  afterAll(() => h?.close());

  it('answers 404 up to the limit, then 429 with Retry-After in the error shape, across report, PDF and events', async () => {
    const ip = '198.51.100.7';
    expect((await h.lookup(ip, unknownId(), 'report')).statusCode).toBe(404);
    expect((await h.lookup(ip, unknownId(), 'pdf')).statusCode).toBe(404);
    expect((await h.lookup(ip, unknownId(), 'events')).statusCode).toBe(404);
    for (const kind of ['report', 'pdf', 'events'] as const) {
      const res = await h.lookup(ip, unknownId(), kind);
      expect(res.statusCode).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/do not exist/) } });
    }
  });

  it('refuses a client over the limit for known ids too, so a 429 tells nothing about the id', async () => {
    const ip = '198.51.100.8';
    for (let i = 0; i < 4; i++) await h.lookup(ip, unknownId());
    expect((await h.lookup(ip, h.knownId)).statusCode).toBe(429);
    expect((await h.lookup(ip, h.knownId, 'events')).statusCode).toBe(429);
  });

  it('never counts known ids: a client under the limit always gets them, and keeps its unknown-id allowance', async () => {
    const ip = '198.51.100.9';
    for (let i = 0; i < 10; i++) {
      expect((await h.lookup(ip, h.knownId)).statusCode).toBe(200);
      expect((await h.lookup(ip, h.knownId, 'events')).statusCode).toBe(204);
      // a known report without a PDF yet is a 404 of the PDF, not an unknown id
      expect((await h.lookup(ip, h.knownId, 'pdf')).statusCode).toBe(404);
    }
    for (let i = 0; i < 3; i++) expect((await h.lookup(ip, unknownId())).statusCode).toBe(404);
    expect((await h.lookup(ip, h.knownId)).statusCode).toBe(200);
    expect((await h.lookup(ip, unknownId())).statusCode).toBe(429);
  });

  it('counts per client address: another client is not limited by the first', async () => {
    for (let i = 0; i < 5; i++) await h.lookup('198.51.100.10', unknownId());
    expect((await h.lookup('198.51.100.11', unknownId())).statusCode).toBe(404);
    expect((await h.lookup('198.51.100.11', h.knownId)).statusCode).toBe(200);
  });

  it('counts unknown and refused lookups in opencma_report_lookups_total', async () => {
    const unknown = await h.counted('unknown');
    const limited = await h.counted('limited');
    const ip = '198.51.100.12';
    for (let i = 0; i < 5; i++) await h.lookup(ip, unknownId());
    await h.lookup(ip, h.knownId);
    expect((await h.counted('unknown')) - unknown).toBe(3);
    expect((await h.counted('limited')) - limited).toBe(3);
  });
});

describe(`RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE=0 (${testDatabaseKind})`, () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    h = await harness('0');
  });
  afterAll(() => h?.close());

  it('does not limit unknown ids', async () => {
    for (let i = 0; i < 40; i++) expect((await h.lookup('198.51.100.20', unknownId())).statusCode).toBe(404);
  });
});
