import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@opencma/db';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { createPgBossQueue, PROCESS_CONSUMER_REPORT, type JobQueue } from '@opencma/queue';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const TOKEN = 'queue-admin-token-0123456789';

describe(`GET /v1/admin/queue (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    queue = createPgBossQueue({ sql: database.sql, attempts: 2, backoffMs: 1000 });
    await queue.start();
    app = await buildApi(
      { config: testConfig({ ADMIN_TOKEN: TOKEN }), database, queue, storage: { get: async () => null }, suggestAddresses: async () => [] },
      { logger: false },
    );
  });
  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await drop?.();
  });

  it('refuses without the admin token', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/admin/queue' });
    expect(res.statusCode).toBe(401);
  });

  it('shows waiting jobs and reports stuck past their deadline', async () => {
    const old = await insertTestReport(database);
    await database.sql.executeSql(`update consumer_reports set created_at = now() - interval '5 minutes' where id = $1`, [old.id]);
    await queue.enqueue(PROCESS_CONSUMER_REPORT, { report_id: 'AAAAAAAAAAAAAAAAAAAAAAAA' }, { dedupeKey: 'AAAAAAAAAAAAAAAAAAAAAAAA' });

    const res = await app.inject({ method: 'GET', url: '/v1/admin/queue', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      queue: { kind: 'pg-boss', name: PROCESS_CONSUMER_REPORT, waiting: 1, active: 0, failed: 0 },
      reports: { stuck: 1 },
    });
  });
});
