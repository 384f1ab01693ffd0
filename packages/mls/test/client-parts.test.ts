import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../src/client/backoff';
import { createLimiter } from '../src/client/concurrency';
import { MlsError, type MlsErrorKind } from '../src/client/errors';
import { parseLinkHeader } from '../src/client/link-header';
import { toSearchParams } from '../src/client/search-params';

describe('client building blocks', () => {
  it('limiter runs at most N tasks at once and runs them all', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limit(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
          if (i === 4) throw new Error('boom');
          return i;
        }).catch(() => -1),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual([0, 1, 2, 3, -1, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('backoff grows exponentially with jitter, capped', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, opts, () => 0)).toBe(50);
    expect(backoffDelay(0, opts, () => 1)).toBe(100);
    expect(backoffDelay(2, opts, () => 1)).toBe(400);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('calls refusals permanent (4xx except 408/429), not outages', () => {
    const err = (kind: MlsErrorKind, status: number | null) => new MlsError('x', { kind, status, retryable: false, url: '/properties', attempts: 1 });
    const permanent = [401, 403, 400, 404, 422].map((s) => err('http', s).permanent);
    const transient = [408, 429, 500, 502, 503].map((s) => err('http', s).permanent);
    expect(permanent).toEqual([true, true, true, true, true]);
    expect(transient).toEqual([false, false, false, false, false]);
    expect([err('network', null), err('timeout', null), err('invalid_json', 200)].map((e) => e.permanent)).toEqual([false, false, false]);
  });

  it('parses Link headers', () => {
    expect(parseLinkHeader('<https://a/p?lastId=1>; rel="prev", <https://a/p?lastId=9&limit=10>; rel="next"')).toEqual({
      prev: 'https://a/p?lastId=1',
      next: 'https://a/p?lastId=9&limit=10',
    });
    expect(parseLinkHeader(null)).toEqual({});
  });

  it('builds query strings with repeated keys and no undefined values', () => {
    const q = toSearchParams({ q: ['a', 'b'], cities: ['Seattle'], minbeds: 2, count: true, maxbeds: undefined });
    expect(q.toString()).toBe('q=a&q=b&cities=Seattle&minbeds=2&count=true');
  });
});
