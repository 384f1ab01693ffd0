/** Retry delays of deliveries: exponential from `baseMs`, capped at `maxMs`, with full jitter in its upper half. */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

const DEFAULT_BASE_MS = 30_000;
const DEFAULT_MAX_MS = 60 * 60_000;

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed ones (1-based): base·2^(attempt-1),
 * capped, then a random point in [half, whole] of it so many failed deliveries do not retry in step.
 * A provider's own Retry-After wins when it is longer. `random` is injectable for tests.
 */
export function retryDelayMs(attempt: number, opts: BackoffOptions & { retryAfterMs?: number } = {}, random: () => number = Math.random): number {
  const base = opts.baseMs ?? DEFAULT_BASE_MS;
  const max = opts.maxMs ?? DEFAULT_MAX_MS;
  const exp = Math.min(max, base * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const jittered = Math.round(exp / 2 + (exp / 2) * random());
  return Math.max(jittered, Math.min(opts.retryAfterMs ?? 0, max));
}
