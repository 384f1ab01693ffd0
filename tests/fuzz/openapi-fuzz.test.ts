import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { consumer_reports, ensureDemoAgent, report_views, type Database } from '@opencma/db';
import { createPgBossQueue, type JobQueue } from '@opencma/queue';
import { buildApi } from '@opencma/api';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDatabaseKind } from '../helpers/test-database';
import { testConfig } from '../helpers/test-config';
import { insertTestReport } from '../helpers/test-report';
import { listOperations, type Operation } from './openapi-operations';
import { requestFor } from './request-arbitrary';

/**
 * Property-based fuzz of every operation in /v1/openapi.json: wrong types, huge and unicode strings,
 * control characters, nulls, nested objects, `__proto__`/`constructor` keys, missing and extra fields.
 * Every answer is below 500 and every error has the one error shape; a rejected submission or event
 * stores and enqueues nothing. FUZZ_RUNS (per operation, default 100: 4000 requests over the 40 operations)
 * raises the count: CI runs the default.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

describe(`fuzz: every operation in the OpenAPI description (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  let app: FastifyInstance;
  let enqueued = 0;
  let operations: Operation[] = [];
  const ids: { report: string; agentCode: string } = { report: '', agentCode: 'demo' };

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    await ensureDemoAgent(database.db);
    ids.report = (await insertTestReport(database)).id;
    const inner = createPgBossQueue({ sql: database.sql, attempts: 1, backoffMs: 1000 });
    await inner.start();
    // the real queue, counting what is enqueued (its methods use no `this`, so a spread copy works)
    queue = {
      ...inner,
      enqueue: (name, data, opts) => {
        enqueued++;
        return inner.enqueue(name, data, opts);
      },
    };
    // No submission limits (a 429 would hide what the validation does with the body); an admin token so
    // the admin routes exist and are fuzzed too (with wrong and missing tokens).
    const config = testConfig({
      RATE_LIMIT_IP_PER_HOUR: '0',
      RATE_LIMIT_PHONE_PER_HOUR: '0',
      RATE_LIMIT_AGENT_PER_HOUR: '0',
      RATE_LIMIT_LOOKUPS_PER_MINUTE: '0',
      RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE: '0',
      ADMIN_TOKEN: 'fuzz-admin-token-0123456789',
    });
    app = await buildApi({ config, database, queue, storage: { get: async () => null }, suggestAddresses: async () => [] }, { logger: false });
    operations = listOperations((await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json());
  });

  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await drop?.();
  });

  const count = async (table: typeof consumer_reports | typeof report_views) => {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    return row?.n ?? -1;
  };

  it('describes the public operations it is going to fuzz', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /v1/consumer-reports',
        'GET /v1/consumer-reports/{id}',
        'POST /v1/consumer-reports/{id}/events',
        'GET /v1/agents/{agent_code}/landing-page',
        'GET /v1/addresses',
        'GET /v1/properties/lookup',
      ]),
    );
  });

  it(
    'answers every generated request below 500, errors in the one shape, rejected writes leave nothing behind',
    async () => {
      let cases = 0;
      for (const operation of operations) {
        await fc.assert(
          fc.asyncProperty(requestFor(operation, ids), async (request) => {
            cases++;
            const reportsBefore = await count(consumer_reports);
            const viewsBefore = await count(report_views);
            const enqueuedBefore = enqueued;
            const res = await app.inject({
              method: operation.method,
              url: request.url,
              headers: request.headers,
              ...(request.payload === undefined ? {} : { payload: request.payload }),
            });
            const where = `${operation.method} ${request.url} ${request.payload?.slice(0, 300) ?? ''}`;
            expect(res.statusCode, where).toBeLessThan(500);
            if (res.statusCode >= 400) {
              const body = res.json();
              expect(body, where).toEqual({
                error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
              });
              expect(
                Object.keys(body.error).every((k) => ['code', 'message', 'fields'].includes(k)),
                where,
              ).toBe(true);
              expect(await count(consumer_reports), where).toBe(reportsBefore);
              expect(await count(report_views), where).toBe(viewsBefore);
              expect(enqueued, where).toBe(enqueuedBefore);
            }
          }),
          { numRuns: RUNS },
        );
      }
      // Every operation got its RUNS cases (fast-check stops early only on a failure, which fails the test).
      console.info(`fuzz: ${cases} requests over ${operations.length} operations (${RUNS} each; FUZZ_RUNS to change)`);
      expect(cases).toBe(operations.length * RUNS);
      // 40 operations × 100 = 4000 requests by default: about 2 minutes on a loaded 2-core machine, so more than
      // the default test timeout; FUZZ_RUNS=1000 takes ten times as long.
    },
    60_000 + RUNS * 6_000,
  );
});
