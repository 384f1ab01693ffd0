/**
 * Fault injection for tests and demos. Set by `startLocalMlsServer({ faults })`, changed at run time
 * with `server.setFaults()`, or per request with `fault.<name>=<value>` query parameters
 * (e.g. `/properties?fault.errorRate=1&fault.errorStatus=502`), which override the server's settings.
 */
export interface FaultOptions {
  /** Milliseconds added before every answer. */
  latencyMs?: number;
  /** Share (0–1) of requests answered with `errorStatus`. */
  errorRate?: number;
  /** Status for injected errors (default 500). */
  errorStatus?: number;
  /** Share (0–1) of requests answered 429 Too Many Requests with a Retry-After header. */
  rateLimitRate?: number;
  /** Retry-After seconds sent with injected 429s (default 1). */
  retryAfterSeconds?: number;
  /** Share (0–1) of requests never answered (until the client gives up or the server closes). */
  hangRate?: number;
  /** Share (0–1) of successful answers cut in half, so the JSON does not parse. */
  malformedRate?: number;
  /** The next N requests fail with `errorStatus` (deterministic; counts down). */
  failNext?: number;
  /** The next N requests are answered 429 (deterministic; counts down). */
  rateLimitNext?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'hang' }
  | { kind: 'malformed' };

const NUMERIC_KEYS = [
  'latencyMs',
  'errorRate',
  'errorStatus',
  'rateLimitRate',
  'retryAfterSeconds',
  'hangRate',
  'malformedRate',
  'failNext',
  'rateLimitNext',
] as const satisfies readonly (keyof FaultOptions)[];

/** Reads `fault.<name>` query parameters. */
export function faultsFromQuery(query: Record<string, unknown>): FaultOptions {
  const faults: FaultOptions = {};
  for (const key of NUMERIC_KEYS) {
    const raw = query[`fault.${key}`];
    const value = Number(Array.isArray(raw) ? raw[raw.length - 1] : raw);
    if (raw !== undefined && Number.isFinite(value)) faults[key] = value;
  }
  return faults;
}

/** Decides what happens to one request; counts down the deterministic `failNext`/`rateLimitNext`. */
export function decideFault(faults: FaultOptions, random: () => number): FaultDecision {
  const errorStatus = faults.errorStatus ?? 500;
  const retryAfterSeconds = faults.retryAfterSeconds ?? 1;
  if ((faults.failNext ?? 0) > 0) {
    faults.failNext! -= 1;
    return { kind: 'error', status: errorStatus };
  }
  if ((faults.rateLimitNext ?? 0) > 0) {
    faults.rateLimitNext! -= 1;
    return { kind: 'rateLimit', retryAfterSeconds };
  }
  if (random() < (faults.hangRate ?? 0)) return { kind: 'hang' };
  if (random() < (faults.rateLimitRate ?? 0)) return { kind: 'rateLimit', retryAfterSeconds };
  if (random() < (faults.errorRate ?? 0)) return { kind: 'error', status: errorStatus };
  if (random() < (faults.malformedRate ?? 0)) return { kind: 'malformed' };
  return { kind: 'none' };
}
