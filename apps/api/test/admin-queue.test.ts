import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReportProcessing, updateConsumerReport, type Database } from '@opencma/db';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { createBullMqQueue, createPgBossQueue, PROCESS_CONSUMER_REPORT, type JobQueue } from '@opencma/queue';
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

  it('counts reports by their status (stuck ones too) and shows the queue jobs apart', async () => {
    const old = await insertTestReport(database);
    await database.sql.executeSql(`update consumer_reports set created_at = now() - interval '5 minutes' where id = $1`, [old.id]);
    const processing = await insertTestReport(database);
    await markReportProcessing(database.db, processing.id);
    for (const status of ['completed', 'completed', 'failed'] as const) {
      const r = await insertTestReport(database);
      await markReportProcessing(database.db, r.id);
      await updateConsumerReport(database.db, r.id, { status, completed_at: new Date() });
    }
    await queue.enqueue(PROCESS_CONSUMER_REPORT, { report_id: 'AAAAAAAAAAAAAAAAAAAAAAAA' }, { dedupeKey: 'AAAAAAAAAAAAAAAAAAAAAAAA' });

    const res = await app.inject({ method: 'GET', url: '/v1/admin/queue', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      reports: { pending: 1, processing: 1, completed: 2, failed: 1, stuck: 1 },
      queue: { kind: 'pg-boss', name: PROCESS_CONSUMER_REPORT, jobs: { waiting: 1, active: 0 } },
    });
  });

  it('still counts reports when the queue cannot be reached (jobs: null)', async () => {
    const unreachable = createBullMqQueue({ redisUrl: 'redis://127.0.0.1:1', attempts: 1, backoffMs: 0 });
    const other = await buildApi(
      {
        config: testConfig({ ADMIN_TOKEN: TOKEN }),
        database,
        queue: unreachable,
        storage: { get: async () => null },
        suggestAddresses: async () => [],
      },
      { logger: false },
    );
    try {
      const res = await other.inject({ method: 'GET', url: '/v1/admin/queue', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ reports: { pending: 1, completed: 2 }, queue: { kind: 'bullmq', jobs: null } });
    } finally {
      await other.close();
      await unreachable.stop();
    }
  });
});
