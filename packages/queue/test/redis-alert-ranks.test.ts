import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAlertRanks } from '../src/redis-alert-ranks';

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

const reachable = await redisReachable(redisUrl);
if (!reachable) console.warn(`redis-alert-ranks: skipped, no Redis at ${redisUrl}`);

describe.skipIf(!reachable)('agent alert ranks in Redis (decision 0024)', () => {
  const prefix = `test${randomBytes(5).toString('hex')}`;
  const window = new Date('2026-12-06T10:00:00Z');
  // Two workers' connections.
  const a = createRedisAlertRanks({ redisUrl, prefix, timeoutMs: 2000 });
  const b = createRedisAlertRanks({ redisUrl, prefix, timeoutMs: 2000 });

  beforeAll(async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        await a.rank('probe', window, 'probe');
        await b.rank('probe', window, 'probe');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  afterAll(async () => {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    a.close();
    b.close();
  });

  it('gives each report of one agent and hour its own rank across connections, and the same rank when asked again', async () => {
    const reports = Array.from({ length: 40 }, (_, i) => `report-${i}`);
    const ranks = await Promise.all(reports.map((id, i) => (i % 2 ? a : b).rank('agent-1', window, id)));
    expect([...ranks].sort((x, y) => x - y)).toEqual(reports.map((_, i) => i));
    // A retried job (either worker) gets the report's rank again; nothing is counted twice.
    const again = await Promise.all(reports.map((id, i) => (i % 2 ? b : a).rank('agent-1', window, id)));
    expect(again).toEqual(ranks);
    expect(await a.rank('agent-1', window, 'report-new')).toBe(40);
  });

  it('counts each agent and each hour apart', async () => {
    expect(await a.rank('agent-2', window, 'report-0')).toBe(0);
    expect(await b.rank('agent-1', new Date('2026-12-06T11:00:00Z'), 'report-0')).toBe(0);
  });
});
