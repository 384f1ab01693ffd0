/**
 * plan_home_updates plans one batch of subscriptions per job and queues the next batch as its own job
 * (decision 0037): a cycle is planned whole through the queue, no job holds it all, and a second run of
 * the period plans nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@opencma/db';
import { PLAN_HOME_UPDATES, SEND_HOME_UPDATE, type JobQueue, type PlanHomeUpdatesJob } from '@opencma/queue';
import { planHomeUpdates } from '../src/home-updates/plan';
import { createTestDatabaseWithQueue } from '../../../tests/helpers/test-queue';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { pollUntil } from '../../../tests/helpers/poll';

describe('planHomeUpdates', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  const deps = () => ({ database, logger: pino({ level: 'silent' }), now: () => new Date('2026-12-06T12:00:00Z') });

  beforeAll(async () => {
    ({ database, queue, drop } = await createTestDatabaseWithQueue());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('plans a cycle one batch per job, each queuing the next; a second run plans nothing', async () => {
    const report = await insertTestReport(database);
    await database.db.insert(schema.home_subscriptions).values(
      Array.from({ length: 5 }, (_, i) => ({
        report_id: report.id,
        agent_id: report.agent_id,
        email: `owner${i}@example.com`,
        frequency: 'monthly' as const,
        consent_text: 'test',
        consent_version: 1,
        consent_text_sha256: '0'.repeat(64),
        consent_at: new Date(),
        consent_ip: null,
        consent_user_agent: null,
        unsubscribe_token: `plan-test-token-${i}`,
      })),
    );
    const rows = () => database.db.select().from(schema.home_updates).where(eq(schema.home_updates.period, '2015-04'));

    // the first job: one batch of 2 rows (and their 2 send jobs), then the next batch queued
    const first = await planHomeUpdates(deps(), queue, { asOf: '2015-04-01', batchSize: 2 });
    expect(first).toEqual({ period: '2015-04', planned: 2, next: expect.any(String) });
    expect(await rows()).toHaveLength(2);
    expect((await queue.counts(SEND_HOME_UPDATE)).waiting).toBe(2);
    expect((await queue.counts(PLAN_HOME_UPDATES)).waiting).toBe(1);

    // the queue runs the rest, batch by batch
    const batches: PlanHomeUpdatesJob[] = [];
    await queue.work<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, async (job) => {
      batches.push(job.data);
      const { as_of: asOf, period, after_id: afterId } = job.data;
      await planHomeUpdates(deps(), queue, {
        batchSize: 2,
        ...(asOf ? { asOf } : {}),
        ...(period ? { period } : {}),
        ...(afterId ? { afterId } : {}),
      });
    });
    await pollUntil(async () => {
      const c = await queue.counts(PLAN_HOME_UPDATES);
      return batches.length === 2 && c.waiting === 0 && c.active === 0 ? true : undefined;
    }, 60_000);
    expect(batches.map((b) => [b.as_of, b.period, typeof b.after_id])).toEqual([
      ['2015-04-01', '2015-04', 'string'],
      ['2015-04-01', '2015-04', 'string'],
    ]);
    const planned = await rows();
    expect(planned).toHaveLength(5);
    expect(new Set(planned.map((r) => r.subscription_id)).size).toBe(5);
    expect(planned.every((r) => r.status === 'pending')).toBe(true);
    expect((await queue.counts(SEND_HOME_UPDATE)).waiting).toBe(5);

    // a second run of the period plans no row and queues no send job
    const again = await planHomeUpdates(deps(), queue, { asOf: '2015-04-01', batchSize: 10 });
    expect(again).toEqual({ period: '2015-04', planned: 0, next: null });
    expect(await rows()).toHaveLength(5);
    expect((await queue.counts(SEND_HOME_UPDATE)).waiting).toBe(5);
  });
});
