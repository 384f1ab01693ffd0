import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createBullMqQueue } from '../src/bullmq-queue';
import { eventually, runQueueContract, type QueueBackend } from './queue-contract';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Deletes every key under the prefix, so test runs leave Redis as they found it. */
async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function bullMqBackend(prefix: string): QueueBackend {
  return {
    create: (policy) => createBullMqQueue({ redisUrl, prefix, ...policy }),
    close: () => dropPrefix(redisUrl, prefix),
  };
}

const reachable = await redisReachable(redisUrl);
if (!reachable) {
  console.warn(`SKIPPED: BullMQ queue tests — Redis is not reachable at ${redisUrl} (set TEST_REDIS_URL)`);
  describe.skip(`BullMQ queue (needs Redis at ${redisUrl})`, () => {
    it('runs the queue contract on Redis', () => undefined);
  });
} else {
  const prefix = `opencma-test-${randomBytes(4).toString('hex')}`;
  runQueueContract('BullMQ on Redis', async () => bullMqBackend(prefix), { backoffMs: 50, quietMs: 500 });

  describe('BullMQ queue', () => {
    it('recovers a job whose worker died mid-run (stalled) on another worker', async () => {
      const stallPrefix = `${prefix}-stall`;
      const name = 'stall';
      const options = {
        redisUrl,
        prefix: stallPrefix,
        attempts: 3,
        backoffMs: 50,
        lockDurationMs: 1000,
        stalledIntervalMs: 500,
        shutdownTimeoutMs: 10,
      };
      const dying = createBullMqQueue(options);
      const survivor = createBullMqQueue(options);
      try {
        await dying.start();
        const started: string[] = [];
        await dying.work<{ n: number }>(name, async () => {
          started.push('dying');
          await new Promise(() => undefined); // never finishes: the process "hangs", then is shut down
        });
        await dying.enqueue(name, { n: 1 });
        await eventually(
          () => started.length,
          (n) => n === 1,
        );
        await dying.stop(); // gives up after shutdownTimeoutMs; the lock is no longer renewed

        await survivor.start();
        const recovered: Array<{ attempt: number }> = [];
        await survivor.work<{ n: number }>(name, async (job) => {
          recovered.push({ attempt: job.attempt });
        });
        await eventually(
          () => recovered.length,
          (n) => n === 1,
        );
        expect(recovered[0]!.attempt).toBe(1);
        expect(await survivor.counts(name)).toEqual({ waiting: 0, active: 0, failed: 0 });
      } finally {
        await dying.stop();
        await survivor.stop();
        await dropPrefix(redisUrl, stallPrefix);
      }
    });

    it('fails start() with a readable error when Redis is unreachable', async () => {
      const queue = createBullMqQueue({ redisUrl: 'redis://:secret@127.0.0.1:1', attempts: 1, backoffMs: 0 });
      const error = await queue.start().then(
        () => null,
        (err: Error) => err,
      );
      expect(error?.message).toMatch(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
      await queue.stop();
    });

    it('fails ping, enqueue and counts when Redis cannot be reached (no waiting for it; see bullmq-outage.test.ts)', async () => {
      const queue = createBullMqQueue({ redisUrl: 'redis://127.0.0.1:1', attempts: 1, backoffMs: 0, pingTimeoutMs: 300 });
      await expect(queue.ping()).rejects.toThrow();
      await expect(queue.enqueue('nowhere', { n: 1 })).rejects.toThrow(/not connected/);
      await expect(queue.counts('nowhere')).rejects.toThrow(/not connected/);
      await queue.stop();
    });
  });
}
