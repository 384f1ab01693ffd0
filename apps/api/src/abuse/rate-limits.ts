import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '@opencma/config';
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
  /** Agent sign-in: codes texted per phone or e-mail, and requests (codes and guesses) per client IP, per hour. */
  signInCodes: KeyedLimit;
  signInIp: KeyedLimit;
  close(): Promise<void>;
}

const HOUR_S = 3600;
const MINUTE_S = 60;
const EVENTS_PER_MINUTE = 120;

const MESSAGES: Record<LimitKind, string> = {
  ip: 'Too many requests from this network. Please try again later.',
  phone: 'Too many requests for this phone number. Please try again later.',
  agent: 'This page is receiving too many requests right now. Please try again later.',
};
const LOOKUP_MESSAGE = 'Too many lookups from this network. Please wait a minute and try again.';

/** A Redis connection when REDIS_URL is set (limits shared by every API process), else null (in memory). Commands wait for the connection at start; a Redis that stays down fails them fast (maxRetriesPerRequest) and the in-memory insurance limiter counts meanwhile. */
function redisFor(config: Config): Redis | null {
  return config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 }) : null;
}

/** A fixed-window limiter, or null when points is 0 (no limit). Redis falls back to memory while it is down. */
function limiter(config: Config, redis: Redis | null, name: string, points: number, duration: number): RateLimiterAbstract | null {
  if (points <= 0) return null;
  const opts = { keyPrefix: `${config.QUEUE_PREFIX}:ratelimit:${name}`, points, duration };
  return redis ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
}

async function consumeOr429(l: RateLimiterAbstract | null, key: string, message: string): Promise<void> {
  if (!l) return;
  try {
    await l.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new ApiError(429, 'rate_limited', message, undefined, { 'retry-after': String(retryAfter) });
  }
}

/**
 * The API's rate limits: in memory by default (one API process); in Redis when REDIS_URL is set, so
 * all API processes share the counts.
 */
export function createRateLimits(config: Config): RateLimits {
  const redis = redisFor(config);
  const keyed = (name: string, points: number, duration: number, message: string): KeyedLimit => {
    const l = limiter(config, redis, name, points, duration);
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
    signInCodes: keyed(
      'sign-in-codes',
      config.RATE_LIMIT_SIGN_IN_PER_HOUR,
      HOUR_S,
      'Too many codes were requested. Please wait and try again later.',
    ),
    signInIp: keyed('sign-in-ip', config.RATE_LIMIT_SIGN_IN_IP_PER_HOUR, HOUR_S, MESSAGES.ip),
    async close() {
      redis?.disconnect();
    },
  };
}
