/** What an endpoint's answer means for the delivery: 2xx sent; 408, 429 and 5xx retried (Retry-After honoured); anything else failed. */
import type { DeliveryOutcome } from '@opencma/delivery';
import type { PostResult } from './post';

/** The longest Retry-After honoured: a day, the whole retry window. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: Date): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

export function outcomeOf(res: PostResult, now: Date): DeliveryOutcome {
  const status = res.status;
  if (status >= 200 && status < 300) return { kind: 'sent', responseStatus: status };
  if (status === 408 || status === 429 || status >= 500) {
    const after = retryAfterMs(res.headers['retry-after'], now);
    return { kind: 'retry', error: `HTTP ${status}`, responseStatus: status, ...(after === undefined ? {} : { retryAfterMs: after }) };
  }
  if (status >= 300 && status < 400) return { kind: 'failed', error: `HTTP ${status}: redirects are not followed`, responseStatus: status };
  return { kind: 'failed', error: `HTTP ${status}`, responseStatus: status };
}
