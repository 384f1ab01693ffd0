/**
 * Redis down for as long as it takes: submissions are answered (202, row stored) while Redis is still
 * down — first stopped (connections refused), then frozen with SIGSTOP (connections open, nothing
 * answered, the harder case) — and Redis comes back only after every POST has been answered, so an
 * answer that waited for Redis would never come (the client gives up after 20 s and the test fails).
 * Rate limits are on (counted in Redis), so they are on the request path too. Afterwards every
 * report completes (the sweeper enqueues what the API could not) and each person gets one text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencySummary } from '../../scripts/bench/percentile';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { pollUntil } from '../helpers/poll';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: Redis outage fault test: ${unavailable}`);

const N = 10;
/** Far beyond any bound of the request path; an answer that waits for Redis to come back never arrives. */
const CLIENT_TIMEOUT_MS = 20_000;

describe.skipIf(Boolean(unavailable))('fault: Redis down while submissions arrive (API and worker processes, BullMQ, PostgreSQL)', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    system = await startFaultSystem({
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_PENDING_AFTER_MS: '2000',
      SWEEPER_PROCESSING_AFTER_MS: '15000',
      QUEUE_LOCK_MS: '5000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      RATE_LIMIT_IP_PER_HOUR: '10000',
      RATE_LIMIT_PHONE_PER_HOUR: '100',
      RATE_LIMIT_AGENT_PER_HOUR: '10000',
    });
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    system?.redis.resume();
    await system?.stop();
  });

  /** N submissions at once; each answer is awaited while Redis is still down. */
  async function submitAll(from: number): Promise<{ statuses: number[]; ids: string[]; ms: number[] }> {
    const results = await Promise.all(Array.from({ length: N }, (_, i) => system.submit(from + i, CLIENT_TIMEOUT_MS)));
    return {
      statuses: results.map((r) => r.status),
      ids: results.filter((r) => r.status === 202).map((r) => r.body.report_id as string),
      ms: results.map((r) => Math.round(r.ms)),
    };
  }

  it('answers every POST while Redis is stopped or hangs, and completes every report once it is back', async () => {
    // Warm: one submission with Redis up (connections made, agent cached).
    const warm = await system.submit(500, CLIENT_TIMEOUT_MS);
    expect(warm.status).toBe(202);

    const up = await submitAll(540);
    expect(up.statuses).toEqual(Array(N).fill(202));

    await system.redis.stop('SIGKILL');
    const stopped = await submitAll(510);
    expect(stopped.statuses).toEqual(Array(N).fill(202));
    await system.redis.start(); // empty, as after a crash without persistence

    // Back up: wait until the API's queue connection is ready again (its POST answers no longer tell).
    await pollUntil(async () => ((await fetch(`${system.api!.url}/readyz`).catch(() => null))?.status === 200 ? true : undefined), 30_000, 200);

    system.redis.pause();
    let hung: Awaited<ReturnType<typeof submitAll>>;
    try {
      hung = await submitAll(530);
    } finally {
      system.redis.resume();
    }
    expect(hung.statuses).toEqual(Array(N).fill(202));
    console.info(
      `redis outage: ${N} concurrent POSTs with Redis up: ${latencySummary(up.ms)}; stopped: ${latencySummary(stopped.ms)}; hung (SIGSTOP): ${latencySummary(hung.ms)}`,
    );

    const ids = [warm.body.report_id as string, ...up.ids, ...stopped.ids, ...hung.ids];
    const started = Date.now();
    const rows = await waitForReports(system, ids, 90_000);
    console.info(`redis outage: all ${ids.length} reports finished ${Date.now() - started} ms after Redis was back`);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);

    // The API could not queue them (it said so). Those submitted while Redis was stopped had no job
    // anywhere (no connection, then an empty Redis), so only the worker's sweeper can have queued them.
    expect(system.api!.output()).toMatch(/enqueue failed; report left pending for the sweeper/);

    // Each person texted exactly once per report.
    const texts = await pollUntil(
      async () => {
        const rows = await system.query<{ report_id: string; sent: number; total: number }>(
          `select report_id, count(*) filter (where status = 'sent')::int as sent, count(*)::int as total
             from sms_logs where report_id = any($1) group by report_id`,
          [ids],
        );
        return rows.length === ids.length && rows.every((t) => t.sent === 2) ? rows : undefined;
      },
      30_000,
      250,
    );
    expect(texts.every((t) => t.total === 2)).toBe(true);
  }, 240_000);
});
