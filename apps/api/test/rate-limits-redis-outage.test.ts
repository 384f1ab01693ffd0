/**
 * The Redis-backed rate limits on a private Redis the test stops and freezes: a count that Redis
 * cannot give is taken in memory (fail open to per-process limits), so a submission is answered
 * while Redis is still down — and over-limit requests are still refused.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, type RateLimits } from '../src/abuse/rate-limits';
import { ApiError } from '../src/errors';
import { eventually } from '../../../packages/queue/test/queue-contract';
import { privateRedisUnavailable, startPrivateRedis, type PrivateRedis } from '../../../tests/helpers/private-services';
import { testConfig } from '../../../tests/helpers/test-config';

const unavailable = privateRedisUnavailable();
if (unavailable) console.warn(`SKIPPED: rate limits during a Redis outage: ${unavailable}`);

const status = (p: Promise<void>) =>
  p.then(
    () => 'ok' as const,
    (err) => (err instanceof ApiError ? err.statusCode : err),
  );

describe.skipIf(Boolean(unavailable))('rate limits with Redis down or hanging (private Redis)', () => {
  let redis: PrivateRedis;
  let probe: Redis;
  let limits: RateLimits;
  const unavailableEvents: unknown[] = [];
  /** Whether Redis holds a count for this phone (so it was counted there, not in memory). */
  const countedInRedis = (phone: string) =>
    probe.keys(`*ratelimit:submit-phone*${phone}`).then(
      (keys) => keys.length > 0,
      () => false, // the probe is not (re)connected yet
    );

  beforeAll(async () => {
    redis = await startPrivateRedis();
    probe = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    probe.on('error', () => undefined);
    const config = testConfig({ REDIS_URL: redis.url, QUEUE_PREFIX: 'rl', RATE_LIMIT_PHONE_PER_HOUR: '2', REDIS_TIMEOUT_MS: '300' });
    limits = createRateLimits(config, { onRedisUnavailable: (err) => unavailableEvents.push(err) });
    await limits.ready();
  });
  afterAll(async () => {
    redis?.resume();
    await limits?.close();
    probe?.disconnect();
    await redis?.destroy();
  });

  it('counts in Redis while it answers', async () => {
    const key = '+12065550001';
    expect(await status(limits.submissions.consume('phone', key))).toBe('ok');
    expect(await status(limits.submissions.consume('phone', key))).toBe('ok');
    expect(await status(limits.submissions.consume('phone', key))).toBe(429);
    expect(await countedInRedis(key)).toBe(true);
    expect(unavailableEvents).toEqual([]);
  });

  it('answers from memory while Redis hangs (SIGSTOP), still refusing over the limit', async () => {
    redis.pause();
    try {
      const key = '+12065550002';
      // Every call settles while Redis is still frozen: none waits for it to come back. The first
      // waits out REDIS_TIMEOUT_MS; the guard then skips Redis for the others.
      expect(await status(limits.submissions.consume('phone', key))).toBe('ok');
      expect(await status(limits.submissions.consume('phone', key))).toBe('ok');
      expect(await status(limits.submissions.consume('phone', key))).toBe(429);
      expect(await status(limits.submissions.consume('ip', '203.0.113.9'))).toBe('ok');
      expect(unavailableEvents).toHaveLength(1);
    } finally {
      redis.resume();
    }
  });

  it('answers from memory while Redis is stopped, and goes back to Redis once it is up', async () => {
    await redis.stop('SIGKILL');
    expect(await status(limits.submissions.consume('phone', '+12065550003'))).toBe('ok');
    await redis.start();
    let n = 0;
    await eventually(
      async () => {
        const phone = `+1206555${String(8000 + n++)}`;
        await limits.submissions.consume('phone', phone);
        return countedInRedis(phone);
      },
      (inRedis) => inRedis,
      20_000,
    );
  });
});
