import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '@opencma/config';
import { createRedisGuard, failFastRedisOptions, type RedisGuard } from '@opencma/queue';
import { ApiError } from '../errors';

export type LimitKind = 'ip' | 'phone' | 'agent';

export interface SubmissionLimits {
  /** Counts one submission for `key`; throws a 429 ApiError (with Retry-After) when over the limit. */
  consume(kind: LimitKind, key: string): Promise<void>;
}

export interface KeyedLimit {
  /** Counts one request for `key`; throws a 429 ApiError (with Retry-After) when over the limit. */
  consume(key: string): Promise<void>;
}

export interface ReportLookupLimit {
  /**
   * Records one lookup of a report id by `key` (the client IP) after the lookup was made: an unknown id
   * counts one, a known id nothing, yet both cost the same call. Throws a 429 ApiError (with Retry-After)
   * when the client is over the limit, for known ids too, so a 429 tells nothing about the id.
   */
  record(key: string, found: boolean): Promise<void>;
}

/** Every rate limit of the API. One Redis connection serves them all (closed by `close`). */
export interface RateLimits {
  /** Submissions per client IP, consumer phone and agent per hour (RATE_LIMIT_*_PER_HOUR; 0 = off). */
  submissions: SubmissionLimits;
  /** Address suggestions and place details per client IP per minute (they cost MLS / Google calls). */
  addressLookups: KeyedLimit;
  /** Property lookups per client IP per minute (MLS calls). */
  propertyLookups: KeyedLimit;
  /**
   * Analytics events per client IP and report per minute: a real visit sends a few dozen an hour, so
   * this generous cap only stops a script with a report link from flooding report_views.
   */
  events: KeyedLimit;
  /** Unknown report ids per client IP per minute (RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE; 0 = off; decision 0017). */
  reportLookups: ReportLookupLimit;
  /**
   * Connects to Redis (waits at most 5 s; counts go to memory until it is connected), so the first
   * requests of a new API process are counted where the others are.
   */
  ready(): Promise<void>;
  /** Agent sign-in: codes texted per phone or e-mail, and requests (codes and guesses) per client IP, per hour. */
  signInCodes: KeyedLimit;
  signInIp: KeyedLimit;
  /** Webhook test events per agent (WEBHOOK_TESTS_PER_WINDOW per 10 minutes): each one is an outgoing request. */
  webhookTests: KeyedLimit;
  close(): Promise<void>;
}

const HOUR_S = 3600;
const MINUTE_S = 60;
const EVENTS_PER_MINUTE = 120;
const WEBHOOK_TESTS_PER_WINDOW = 10;
const WEBHOOK_TEST_WINDOW_S = 10 * MINUTE_S;

const MESSAGES: Record<LimitKind, string> = {
  ip: 'Too many requests from this network. Please try again later.',
  phone: 'Too many requests for this phone number. Please try again later.',
  agent: 'This page is receiving too many requests right now. Please try again later.',
};
const LOOKUP_MESSAGE = 'Too many lookups from this network. Please wait a minute and try again.';
const REPORT_LOOKUP_MESSAGE = 'Too many requests for reports that do not exist from this network. Please wait a minute and try again.';

/** Counts `points` (default 1) for a key; rejects with RateLimiterRes when the key is over the limit. */
type Consume = (key: string, points?: number) => Promise<unknown>;

/** The Redis connection of the limits and the guard every Redis call goes through. */
interface SharedStore {
  redis: Redis;
  guard: RedisGuard;
}

/**
 * A Redis connection when REDIS_URL is set (limits shared by every API process), else null (in
 * memory). The connection fails commands at once while it is down and after REDIS_TIMEOUT_MS when
 * Redis hangs; the guard then skips Redis for a few seconds, so one submission (three limits) waits
 * for Redis at most once.
 */
function storeFor(config: Config, onUnavailable?: (err: unknown) => void): SharedStore | null {
  if (!config.REDIS_URL) return null;
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, ...failFastRedisOptions(config.REDIS_TIMEOUT_MS) });
  redis.on('error', () => undefined); // reconnects by itself; the guard reports what matters
  const guard = createRedisGuard({
    status: () => redis.status,
    timeoutMs: config.REDIS_TIMEOUT_MS,
    // "Over the limit" is an answer, not a failure.
    isFailure: (err) => !(err instanceof RateLimiterRes),
    onOpen: onUnavailable,
  });
  return { redis, guard };
}

/**
 * A fixed-window limiter, or null when points is 0 (no limit). With Redis, a count that Redis cannot
 * give in time is taken in this process's memory instead (fail open to per-process limits).
 */
function limiter(config: Config, store: SharedStore | null, name: string, points: number, duration: number): Consume | null {
  if (points <= 0) return null;
  const opts = { keyPrefix: `${config.QUEUE_PREFIX}:ratelimit:${name}`, points, duration };
  const memory = new RateLimiterMemory(opts);
  if (!store) return (key, n = 1) => memory.consume(key, n);
  const shared = new RateLimiterRedis({ ...opts, storeClient: store.redis, rejectIfRedisNotReady: true });
  return async (key, n = 1) => {
    try {
      return await store.guard.run(() => shared.consume(key, n));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw err;
      return memory.consume(key, n);
    }
  };
}

async function consumeOr429(consume: Consume | null, key: string, message: string, points = 1): Promise<void> {
  if (!consume) return;
  try {
    await consume(key, points);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new ApiError(429, 'rate_limited', message, undefined, { 'retry-after': String(retryAfter) });
  }
}

/**
 * Known ids consume 0 points: the same call (in Redis the same script and round trip) as for an unknown
 * id, and a rejection when the client is already over the limit.
 */
function reportLookupLimit(consume: Consume | null): ReportLookupLimit {
  return { record: (key, found) => consumeOr429(consume, key, REPORT_LOOKUP_MESSAGE, found ? 0 : 1) };
}

/**
 * The API's rate limits: in memory by default (one API process); in Redis when REDIS_URL is set, so
 * all API processes share the counts. While Redis is down or hangs, each process counts in its own
 * memory (the same limits per process) instead of refusing or waiting (decision 0013).
 */
export function createRateLimits(config: Config, opts: { onRedisUnavailable?: (err: unknown) => void } = {}): RateLimits {
  const store = storeFor(config, opts.onRedisUnavailable);
  const keyed = (name: string, points: number, duration: number, message: string): KeyedLimit => {
    const l = limiter(config, store, name, points, duration);
    return { consume: (key) => consumeOr429(l, key, message) };
  };
  const submissions: Record<LimitKind, KeyedLimit> = {
    ip: keyed('submit-ip', config.RATE_LIMIT_IP_PER_HOUR, HOUR_S, MESSAGES.ip),
    phone: keyed('submit-phone', config.RATE_LIMIT_PHONE_PER_HOUR, HOUR_S, MESSAGES.phone),
    agent: keyed('submit-agent', config.RATE_LIMIT_AGENT_PER_HOUR, HOUR_S, MESSAGES.agent),
  };
  return {
    submissions: { consume: (kind, key) => submissions[kind].consume(key) },
    addressLookups: keyed('lookup-addresses', config.RATE_LIMIT_LOOKUPS_PER_MINUTE, MINUTE_S, LOOKUP_MESSAGE),
    propertyLookups: keyed('lookup-property', config.RATE_LIMIT_LOOKUPS_PER_MINUTE, MINUTE_S, LOOKUP_MESSAGE),
    events: keyed('events', EVENTS_PER_MINUTE, MINUTE_S, 'Too many events; slow down.'),
    reportLookups: reportLookupLimit(limiter(config, store, 'unknown-reports', config.RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE, MINUTE_S)),
    async ready() {
      if (!store) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 5000);
      });
      await Promise.race([store.redis.connect().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
    },
    signInCodes: keyed(
      'sign-in-codes',
      config.RATE_LIMIT_SIGN_IN_PER_HOUR,
      HOUR_S,
      'Too many codes were requested. Please wait and try again later.',
    ),
    signInIp: keyed('sign-in-ip', config.RATE_LIMIT_SIGN_IN_IP_PER_HOUR, HOUR_S, MESSAGES.ip),
    webhookTests: keyed(
      'webhook-tests',
      WEBHOOK_TESTS_PER_WINDOW,
      WEBHOOK_TEST_WINDOW_S,
      'Too many test events. Please wait a few minutes and try again.',
    ),
    async close() {
      store?.redis.disconnect();
    },
  };
}
