/**
 * The producer side of BullMQ during a Redis outage, on a private Redis the test stops, kills and
 * freezes: enqueue and counts fail (they never wait for Redis to come back) and work again once
 * Redis is back. The assertions are about what happened while Redis was still down, not timings.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedisUnavailable, startPrivateRedis, type PrivateRedis } from '../../../tests/helpers/private-services';
import { createBullMqQueue } from '../src/bullmq-queue';
import type { JobQueue } from '../src/job-queue';
import { eventually } from './queue-contract';

const unavailable = privateRedisUnavailable();
if (unavailable) console.warn(`SKIPPED: BullMQ outage tests: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('BullMQ producer during a Redis outage (private Redis)', () => {
  let redis: PrivateRedis;
  let queue: JobQueue;
  const name = `outage_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    queue = createBullMqQueue({ redisUrl: redis.url, attempts: 2, backoffMs: 50, commandTimeoutMs: 500, unavailableForMs: 2000 });
    await queue.start();
  });
  afterAll(async () => {
    redis?.resume();
    await queue?.stop().catch(() => undefined);
    await redis?.destroy();
  });

  /** Tries to enqueue until it works again (Redis back, the connection re-established). */
  const enqueueOnceBack = (n: number) =>
    eventually(
      () => queue.enqueue(name, { n }).catch(() => null),
      (id) => typeof id === 'string',
      20_000,
    );

  it('fails enqueue and counts while Redis is stopped, and queues again once it is back', async () => {
    expect(await queue.enqueue(name, { n: 1 })).toEqual(expect.any(String));
    await redis.stop('SIGKILL');
    const ms: number[] = [];
    for (let n = 2; n < 7; n++) {
      const t0 = performance.now();
      await expect(queue.enqueue(name, { n })).rejects.toThrow();
      ms.push(Math.round(performance.now() - t0));
    }
    await expect(queue.counts(name)).rejects.toThrow();
    await expect(queue.ping()).rejects.toThrow();
    console.info(`enqueue with Redis stopped: failed after ${ms.join(', ')} ms`);

    await redis.start(); // empty: the first job went with the old server's memory
    await enqueueOnceBack(7);
    expect(await queue.counts(name)).toEqual({ waiting: 1, active: 0, failed: 0 });
  });

  it('fails enqueue after the bound when Redis hangs, then at once until it is tried again', async () => {
    redis.pause();
    try {
      await expect(queue.enqueue(name, { n: 8 })).rejects.toThrow(/did not answer within 500 ms|timed out/i);
      // The guard is open now: the next call does not wait for Redis at all.
      await expect(queue.enqueue(name, { n: 9 })).rejects.toThrow(/failed recently/);
    } finally {
      redis.resume();
    }
    // Once Redis answers again, enqueues work (a command sent before the pause was lifted may have
    // been applied late, which dedupe keys and idempotent handlers make harmless).
    await enqueueOnceBack(10);
  });
});
