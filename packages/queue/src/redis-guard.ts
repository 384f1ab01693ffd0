import type { RedisOptions } from 'ioredis';

/**
 * ioredis options for a connection on the request path: a command fails at once while the connection
 * is down (no offline queue, no per-request retries) and after `timeoutMs` when Redis does not answer
 * (e.g. a hung or partitioned server). Reconnects are attempted at least every second.
 */
export function failFastRedisOptions(timeoutMs: number): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1000),
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
}

/** Thrown instead of calling Redis while it is known to be unreachable. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface RedisGuard {
  /**
   * Runs one Redis call bounded by the guard's timeout. While the connection is not ready, or for
   * `openMs` after a call failed or timed out, it throws RedisUnavailableError at once instead of
   * waiting again (a small circuit breaker: after `openMs` the next call tries Redis again).
   */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** True while calls are refused without trying Redis. */
  isOpen(): boolean;
}

export interface RedisGuardOptions {
  /** ioredis `status` of the connection the calls use (`ready` when connected). */
  status: () => string;
  timeoutMs: number;
  /** How long to refuse calls after a failure. Default 5 s. */
  openMs?: number;
  /** Which rejections mean Redis failed (default: any Error; e.g. a rate limiter's "over the limit" is not). */
  isFailure?: (err: unknown) => boolean;
  /** Called when the guard opens (log it). */
  onOpen?: (err: unknown) => void;
  now?: () => number;
}

export function createRedisGuard(opts: RedisGuardOptions): RedisGuard {
  const now = opts.now ?? Date.now;
  const openMs = opts.openMs ?? 5000;
  const isFailure = opts.isFailure ?? ((err: unknown) => err instanceof Error);
  let openUntil = 0;

  const isOpen = () => now() < openUntil;

  async function run<T>(call: () => Promise<T>): Promise<T> {
    const status = opts.status();
    if (status !== 'ready') throw new RedisUnavailableError(`Redis is not connected (${status})`);
    if (isOpen()) throw new RedisUnavailableError('Redis failed recently; not trying again yet');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisUnavailableError(`Redis did not answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    });
    try {
      return await Promise.race([call(), timedOut]);
    } catch (err) {
      if (isFailure(err)) {
        if (!isOpen()) opts.onOpen?.(err);
        openUntil = now() + openMs;
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  return { run, isOpen };
}
