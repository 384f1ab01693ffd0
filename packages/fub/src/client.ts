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
  /**
   * Whether an event whose description contains `marker` already reached the person with this phone
   * (GET /v1/people?phone=, then GET /v1/events?personId=): the person's id when it did, null when not,
   * an error text when FUB could not be asked.
   */
  findEvent(apiKey: string, phone: string, marker: string): Promise<{ personId: string } | null | { error: string }>;
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
  const base = options.baseUrl.replace(/\/$/, '');
  const url = `${base}/v1/events`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = (apiKey: string) => ({
    authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
    accept: 'application/json',
    'x-system': options.systemName,
    ...(options.systemKey ? { 'x-system-key': options.systemKey } : {}),
  });
  const getJson = async <T>(apiKey: string, path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers: headers(apiKey), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      throw new Error(`Follow Up Boss answered ${res.status} to a lookup`);
    }
    return (await res.json()) as T;
  };
  return {
    async findEvent(apiKey, phone, marker) {
      try {
        const { people = [] } = await getJson<{ people?: { id: number | string }[] }>(
          apiKey,
          `/v1/people?phone=${encodeURIComponent(phone)}&fields=id&limit=10`,
        );
        for (const person of people) {
          const { events = [] } = await getJson<{ events?: { description?: string | null }[] }>(
            apiKey,
            `/v1/events?personId=${encodeURIComponent(String(person.id))}&limit=100`,
          );
          if (events.some((e) => e.description?.includes(marker))) return { personId: String(person.id) };
        }
        return null;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        return { error: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message) };
      }
    },
    async sendEvent(apiKey, body) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { ...headers(apiKey), 'content-type': 'application/json' },
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
