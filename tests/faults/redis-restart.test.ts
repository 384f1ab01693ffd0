/**
 * Redis (the private one) stopped and started again, empty, in the middle of a run of submissions:
 * every submission that got a 202 ends completed. Jobs lost with Redis's memory and enqueues that
 * failed while it was down are recovered by the worker's sweeper (reports left pending/processing).
 */
import { pollUntil } from '../helpers/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: Redis restart fault test: ${unavailable}`);

const N = 24;

describe.skipIf(Boolean(unavailable))('fault: Redis restarted during a run of submissions (BullMQ, PostgreSQL)', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    system = await startFaultSystem({
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_PENDING_AFTER_MS: '3000',
      SWEEPER_PROCESSING_AFTER_MS: '10000',
      QUEUE_LOCK_MS: '3000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    });
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('never loses a 202: every accepted report completes after Redis comes back', async () => {
    // A little MLS latency, so some jobs are running when Redis dies.
    system.mls.setFaults({ latencyMs: 20 });
    const accepted: string[] = [];
    const statuses: number[] = [];
    const slowest = { up: 0, down: 0 };
    let redisDown = false;
    let upAgainAt = 0;
    for (let i = 0; i < N; i++) {
      if (i === 8) {
        await system.redis.stop('SIGKILL');
        redisDown = true;
      }
      if (i === 16) {
        await system.redis.start();
        upAgainAt = Date.now();
        redisDown = false;
      }
      const res = await system.submit(100 + i);
      statuses.push(res.status);
      const key = redisDown ? 'down' : 'up';
      slowest[key] = Math.max(slowest[key], res.ms);
      if (res.status === 202) accepted.push(res.body.report_id);
      await new Promise((r) => setTimeout(r, 150));
    }
    console.info(
      `redis restart: statuses ${JSON.stringify(statuses)}; slowest POST with Redis up ${Math.round(slowest.up)} ms, down ${Math.round(slowest.down)} ms`,
    );
    // Redis being down does not stop the API from accepting: the row is stored, the sweeper enqueues it later.
    // (That answers do not wait for Redis is shown by redis-outage.test.ts, without timing assertions.)
    expect(statuses.every((s) => s === 202)).toBe(true);

    const restarted = upAgainAt;
    const rows = await waitForReports(system, accepted, 60_000);
    console.info(`redis restart: all ${accepted.length} accepted reports finished ${Date.now() - restarted} ms after Redis was up again`);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);

    // Texts go out right after a report completes: wait for them as well (bounded).
    const sentTexts = () =>
      system.query<{ report_id: string; n: number }>(
        `select report_id, count(*)::int as n from sms_logs where report_id = any($1) and status = 'sent' group by report_id`,
        [accepted],
      );
    const texts = await pollUntil(
      async () => {
        const rows = await sentTexts();
        return rows.length === accepted.length && rows.every((t) => t.n === 2) ? rows : undefined;
      },
      20_000,
      200,
    ).catch(() => sentTexts());
    expect(texts).toHaveLength(accepted.length);
    expect(texts.every((t) => t.n === 2)).toBe(true);

    const ready = await fetch(`${system.api!.url}/readyz`);
    expect(ready.status).toBe(200);
  }, 150_000);
});
