/** Why an MLS request failed. */
export type MlsErrorKind =
  | 'network' // connection refused/reset, DNS …
  | 'timeout' // no answer within timeoutMs
  | 'http' // non-2xx status
  | 'invalid_json' // body did not parse (e.g. truncated)
  | 'invalid_response'; // parsed, but not the shape the spec promises

export interface MlsErrorDetails {
  kind: MlsErrorKind;
  /** HTTP status when there was one. */
  status: number | null;
  /** Worth trying again later (network, timeout, 429, 5xx, truncated body). */
  retryable: boolean;
  /** Request path and query (never credentials). */
  url: string;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** Retry-After of a 429/503, in ms. */
  retryAfterMs?: number | null;
  cause?: unknown;
}

export class MlsError extends Error {
  readonly kind: MlsErrorKind;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly url: string;
  readonly attempts: number;
  readonly retryAfterMs: number | null;

  constructor(message: string, details: MlsErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MlsError';
    this.kind = details.kind;
    this.status = details.status;
    this.retryable = details.retryable;
    this.url = details.url;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  /**
   * The MLS refused the request and will refuse it again (401/403 bad credentials, other 4xx except
   * 408 and 429): retrying later cannot help, so a report fails at once.
   */
  get permanent(): boolean {
    const s = this.status;
    return this.kind === 'http' && s !== null && s >= 400 && s < 500 && s !== 408 && s !== 429;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
