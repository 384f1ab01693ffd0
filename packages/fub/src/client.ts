import type { DeliveryOutcome } from '@opencma/delivery';
import type { FubEventBody } from './payload';

export interface FubClientOptions {
  /** https://api.followupboss.com, or the local stand-in's URL. */
  baseUrl: string;
  /** X-System / X-System-Key: the registered integration (docs.followupboss.com/reference/identification). */
  systemName: string;
  systemKey?: string;
  /** One request's bound; no answer by then is retried (default 10 s). */
  timeoutMs?: number;
}

export interface FubClient {
  /** POST /v1/events with the agent's (or account's) API key; the outcome as a delivery records it. */
  sendEvent(apiKey: string, body: FubEventBody): Promise<DeliveryOutcome>;
}

/** Retry-After in seconds or as an HTTP date → ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const REASONS: Record<number, string> = {
  400: 'Follow Up Boss refused the event (400 Bad Request)',
  401: 'Follow Up Boss refused the API key (401 Unauthorized): check or replace the key',
  403: 'Follow Up Boss denied access (403 Forbidden): the key has no access, or the account is locked',
  404: 'Follow Up Boss answered 404 Not Found',
};

/** FUB's error bodies carry `errorMessage`; a short, single-line copy of it (never the request). */
async function errorMessageOf(res: Response): Promise<string | null> {
  const text = await res.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { errorMessage?: unknown }).errorMessage;
    return typeof message === 'string' && message.trim() ? message.replace(/\s+/g, ' ').trim().slice(0, 300) : null;
  } catch {
    return null;
  }
}

/**
 * Follow Up Boss's Events API over fetch: HTTP Basic auth with the API key as username and an empty
 * password, X-System headers, JSON. 2xx → sent (the person's id as provider id; 204 = the lead flow
 * of this source is archived: accepted and ignored by FUB); 429 (Retry-After), 408, 5xx and network
 * errors → retry; other 4xx → failed with FUB's reason. Neither the key nor the body is ever put into
 * an error text.
 */
export function createFubClient(options: FubClientOptions): FubClient {
  const url = `${options.baseUrl.replace(/\/$/, '')}/v1/events`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async sendEvent(apiKey, body) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'x-system': options.systemName,
            ...(options.systemKey ? { 'x-system-key': options.systemKey } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
        return { kind: 'retry', error: `Follow Up Boss unreachable: ${reason}` };
      }
      const status = res.status;
      if (status >= 200 && status < 300) {
        const text = await res.text().catch(() => '');
        let id: unknown;
        try {
          id = text ? (JSON.parse(text) as { id?: unknown }).id : undefined;
        } catch {
          id = undefined;
        }
        return { kind: 'sent', responseStatus: status, ...(typeof id === 'number' || typeof id === 'string' ? { providerId: String(id) } : {}) };
      }
      const message = await errorMessageOf(res);
      if (status === 429) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        return {
          kind: 'retry',
          responseStatus: status,
          error: 'Follow Up Boss rate limit (429 Too Many Requests)',
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
      }
      if (status >= 500 || status === 408) {
        return { kind: 'retry', responseStatus: status, error: `Follow Up Boss error ${status}${message ? `: ${message}` : ''}` };
      }
      const reason = REASONS[status] ?? `Follow Up Boss refused the event (${status})`;
      return { kind: 'failed', responseStatus: status, error: message ? `${reason}: ${message}` : reason };
    },
  };
}
