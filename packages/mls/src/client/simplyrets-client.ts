import type { z } from 'zod';
import { listingArraySchema, listingSchema, propertiesOptionsSchema, type Listing, type PropertiesOptions } from '../listing-schema';
import { backoffDelay, parseRetryAfter, sleep } from './backoff';
import { createLimiter } from './concurrency';
import { MlsError, isRetryableStatus } from './errors';
import { parseLinkHeader } from './link-header';
import { MAX_PAGE_SIZE, toSearchParams, type PropertySearchParams } from './search-params';

export interface SimplyRetsClientOptions {
  /** e.g. https://api.simplyrets.com or the local server's URL. */
  baseUrl: string;
  key: string;
  secret: string;
  /** Per attempt, including reading the body (default 10 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Requests in flight at once (default 5, SimplyRETS' documented limit). */
  maxConcurrent?: number;
  /** First backoff delay (default 250 ms), doubled per retry, with jitter. */
  retryBaseDelayMs?: number;
  /** Cap for one computed backoff delay (default 8 000 ms). */
  maxRetryDelayMs?: number;
  /** A 429 asking to wait longer than this is not retried (default 30 000 ms). */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SearchPage {
  listings: Listing[];
  /** X-Total-Count, when the request had `count: true` and the server sent it. */
  totalCount: number | null;
  /** Link header URLs by rel (`next`, `prev`). */
  links: Record<string, string>;
}

export interface SearchAllOptions extends RequestOptions {
  /** Stop after this many listings (default: no limit). */
  maxResults?: number;
}

export interface SimplyRetsClient {
  readonly baseUrl: string;
  /** One page of GET /properties. */
  search(params?: PropertySearchParams, options?: RequestOptions): Promise<SearchPage>;
  /** Every page of GET /properties (500 a page, `lastId` cursor / Link `next`). */
  searchAll(params?: PropertySearchParams, options?: SearchAllOptions): Promise<Listing[]>;
  /** GET /properties/{mlsId}; null on 404. */
  getListing(mlsId: number | string, options?: RequestOptions): Promise<Listing | null>;
  /** OPTIONS /properties. */
  getOptions(options?: RequestOptions): Promise<PropertiesOptions>;
}

export const ACCEPT = 'application/vnd.simplyrets-v0.1+json';

interface RawResponse {
  data: unknown;
  headers: Headers;
}

export function createSimplyRetsClient(options: SimplyRetsClientOptions): SimplyRetsClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const doFetch = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const backoff = { baseDelayMs: options.retryBaseDelayMs ?? 250, maxDelayMs: options.maxRetryDelayMs ?? 8_000 };
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const limit = createLimiter(options.maxConcurrent ?? 5);
  const authorization = `Basic ${Buffer.from(`${options.key}:${options.secret}`, 'utf8').toString('base64')}`;

  async function attempt(method: string, path: string, attemptNo: number, outer?: AbortSignal): Promise<RawResponse> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    const fail = (
      kind: MlsError['kind'],
      message: string,
      status: number | null,
      retryable: boolean,
      cause?: unknown,
      retryAfterMs?: number | null,
    ) => new MlsError(message, { kind, status, retryable, url: path, attempts: attemptNo, cause, retryAfterMs });
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: authorization, Accept: ACCEPT },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (outer?.aborted) throw outer.reason;
      if (timeout.aborted) throw fail('timeout', `MLS request timed out after ${timeoutMs} ms: ${method} ${path}`, null, true, error);
      const reason = error instanceof Error ? error.message : String(error);
      throw fail('network', `MLS request failed (${reason}): ${method} ${path}`, null, true, error);
    }
    let data: unknown;
    try {
      data = text === '' ? null : JSON.parse(text);
    } catch (error) {
      if (response.ok) throw fail('invalid_json', `MLS answered malformed JSON: ${method} ${path}`, response.status, true, error);
      data = null;
    }
    if (!response.ok) {
      const message = (data as { message?: unknown } | null)?.message;
      throw fail(
        'http',
        `MLS answered ${response.status}${typeof message === 'string' ? ` (${message})` : ''}: ${method} ${path}`,
        response.status,
        isRetryableStatus(response.status),
        undefined,
        parseRetryAfter(response.headers.get('retry-after')),
      );
    }
    return { data, headers: response.headers };
  }

  async function request(method: string, path: string, outer?: AbortSignal): Promise<RawResponse> {
    for (let retry = 0; ; retry += 1) {
      try {
        return await limit(() => attempt(method, path, retry + 1, outer));
      } catch (error) {
        if (!(error instanceof MlsError) || !error.retryable || retry >= maxRetries) throw error;
        if (error.retryAfterMs !== null && error.retryAfterMs > maxRetryAfterMs) throw error;
        await sleep(Math.max(error.retryAfterMs ?? 0, backoffDelay(retry, backoff, random)));
        if (outer?.aborted) throw outer.reason;
      }
    }
  }

  function validate<S extends z.ZodType>(schema: S, data: unknown, path: string): z.output<S> {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new MlsError(`MLS response does not match the SimplyRETS schema (${issues}): ${path}`, {
      kind: 'invalid_response',
      status: 200,
      retryable: false,
      url: path,
      attempts: 1,
    });
  }

  async function searchByQueryString(query: string, options?: RequestOptions): Promise<SearchPage> {
    const path = `/properties${query ? `?${query}` : ''}`;
    const { data, headers } = await request('GET', path, options?.signal);
    const total = headers.get('x-total-count');
    return {
      listings: validate(listingArraySchema, data, path),
      totalCount: total !== null && /^\d+$/.test(total) ? Number(total) : null,
      links: parseLinkHeader(headers.get('link')),
    };
  }

  return {
    baseUrl,

    search: (params = {}, options) => searchByQueryString(toSearchParams(params).toString(), options),

    async searchAll(params = {}, options = {}) {
      const pageSize = Math.min(params.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      const first: PropertySearchParams = { ...params, limit: pageSize };
      if (first.lastId === undefined && first.offset === undefined) first.lastId = 0;
      const usesCursor = first.lastId !== undefined;
      const max = options.maxResults ?? Number.POSITIVE_INFINITY;
      const all: Listing[] = [];
      const seen = new Set<string>();
      let query = toSearchParams(first);
      while (true) {
        const key = query.toString();
        if (seen.has(key)) break; // a server repeating itself must not loop us forever
        seen.add(key);
        const page = await searchByQueryString(key, options);
        all.push(...page.listings);
        if (all.length >= max || page.listings.length === 0) break;
        const next = page.links.next;
        if (next) {
          // Follow the server's own link, but against our base URL (proxies may rewrite hosts).
          query = new URL(next, baseUrl).searchParams;
        } else if (usesCursor && page.listings.length >= pageSize) {
          query = new URLSearchParams(query);
          query.set('lastId', String(page.listings[page.listings.length - 1]!.mlsId));
        } else break;
      }
      return all.slice(0, max);
    },

    async getListing(mlsId, options) {
      const path = `/properties/${encodeURIComponent(String(mlsId))}`;
      try {
        const { data } = await request('GET', path, options?.signal);
        return validate(listingSchema, data, path);
      } catch (error) {
        if (error instanceof MlsError && error.status === 404) return null;
        throw error;
      }
    },

    async getOptions(options) {
      const { data } = await request('OPTIONS', '/properties', options?.signal);
      return validate(propertiesOptionsSchema, data, '/properties');
    },
  };
}
