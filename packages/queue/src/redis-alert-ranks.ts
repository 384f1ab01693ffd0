import { Redis } from 'ioredis';
import { createRedisGuard, failFastRedisOptions } from './redis-guard';

/**
 * One hash per (agent, window): report id → its rank. Atomic in Redis (a script), so of several workers
 * each lead gets its own rank, and the same report always gets the same one (a retried job is not counted
 * twice). The hash expires two hours after its last lead.
 */
const RANK_SCRIPT = `
local r = redis.call('HGET', KEYS[1], ARGV[1])
if r then return tonumber(r) end
local n = redis.call('HLEN', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], n)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n`;

const TTL_MS = 2 * 60 * 60_000;

export interface RedisAlertRanksOptions {
  redisUrl: string;
  prefix: string;
  /** A call Redis does not answer within this fails (the caller counts in the database instead). */
  timeoutMs: number;
  onUnavailable?: (err: unknown) => void;
}

/** Lead alert ranks per agent and hour in Redis (decision 0024); calls fail fast while Redis is down or hangs. */
export function createRedisAlertRanks(opts: RedisAlertRanksOptions) {
  const redis = new Redis(opts.redisUrl, failFastRedisOptions(opts.timeoutMs));
  redis.on('error', () => undefined); // reconnects by itself; the guard reports what matters
  const guard = createRedisGuard({ status: () => redis.status, timeoutMs: opts.timeoutMs, onOpen: opts.onUnavailable });
  return {
    async rank(agentId: string, window: Date, reportId: string): Promise<number> {
      const key = `${opts.prefix}:agent-alerts:${agentId}:${window.getTime()}`;
      return Number(await guard.run(() => redis.eval(RANK_SCRIPT, 1, key, reportId, String(TTL_MS))));
    },
    close(): void {
      redis.disconnect();
    },
  };
}
