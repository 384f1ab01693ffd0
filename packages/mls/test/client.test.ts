import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimplyRetsClient, type SimplyRetsClientOptions } from '../src/client/simplyrets-client';
import { MlsError } from '../src/client/errors';
import { startLocalMlsServer, type LocalMlsServer } from '../src/server/local-mls-server';
import { keyPaths, loadDemoListings, loadListingValidator, missingDemoKeys } from './spec-validator';

const GREATER_SEATTLE = [
  { lat: 47.5, lng: -122.45 },
  { lat: 47.78, lng: -122.45 },
  { lat: 47.78, lng: -122.2 },
  { lat: 47.5, lng: -122.2 },
];

let server: LocalMlsServer;
const client = (options: Partial<SimplyRetsClientOptions> = {}) =>
  createSimplyRetsClient({ baseUrl: server.url, key: 'simplyrets', secret: 'simplyrets', retryBaseDelayMs: 5, ...options });

beforeAll(async () => {
  server = await startLocalMlsServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFaults({});
  server.resetStats();
});

describe('SimplyRETS client against the local server', () => {
  const validate = loadListingValidator();
  const demoPaths = [...new Set(loadDemoListings().flatMap((l) => keyPaths(l)))];

  it('the schema validator rejects a listing that breaks the spec (the check has teeth)', () => {
    expect(validate({ mlsId: 'x', property: { type: 'HOUSE' }, photos: 'none' })).toBe(false);
  });

  it('searches with repeated keys, validates, and every listing matches the spec and the captured key set', async () => {
    const page = await client().search({ status: ['Closed'], postalCodes: ['98103', '98115'], minbeds: 3, limit: 50, count: true });
    expect(page.listings).toHaveLength(50);
    expect(page.totalCount).toBeGreaterThan(50);
    expect(page.links.next).toBeDefined();
    for (const listing of page.listings) {
      expect(['98103', '98115']).toContain(listing.address?.postalCode);
      expect(validate(listing), JSON.stringify(validate.errors)).toBe(true);
      expect(missingDemoKeys(listing, demoPaths)).toEqual([]);
    }
  });

  it('searchAll pages through more than 500 results (every listing once)', async () => {
    const c = client();
    const { totalCount } = await c.search({ status: 'Closed', points: GREATER_SEATTLE, limit: 1, count: true });
    expect(totalCount).toBeGreaterThan(1500);
    const all = await c.searchAll({ status: 'Closed', points: GREATER_SEATTLE });
    expect(all).toHaveLength(totalCount!);
    expect(new Set(all.map((l) => l.mlsId)).size).toBe(totalCount);
    expect(server.stats.requests).toBe(1 + Math.ceil(totalCount! / 500));
  });

  it('searchAll follows offset Link headers too, and stops at maxResults', async () => {
    const c = client();
    const viaOffset = await c.searchAll({ status: 'Closed', cities: ['Kirkland'], offset: 0, limit: 40 });
    const { totalCount } = await c.search({ status: 'Closed', cities: ['Kirkland'], limit: 1, count: true });
    expect(viaOffset).toHaveLength(totalCount!);
    expect(await c.searchAll({ status: 'Closed' }, { maxResults: 700 })).toHaveLength(700);
  });

  it('gets one listing, and null for an unknown mlsId', async () => {
    expect((await client().getListing(1000039))?.address?.full).toBe('12211 SE 65th St');
    expect(await client().getListing(42)).toBeNull();
  });

  it('reads OPTIONS /properties', async () => {
    expect((await client().getOptions()).fields?.cities).toContain('Seattle');
  });

  it('never has more than 5 requests in flight', async () => {
    server.setFaults({ latencyMs: 150 });
    const c = client();
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.search({ status: 'Closed', limit: 1, offset: i })));
    expect(server.stats.requests).toBe(20);
    expect(server.stats.maxInFlight).toBeLessThanOrEqual(5);
    expect(server.stats.maxInFlight).toBeGreaterThanOrEqual(4);
  });

  it('the in-flight measurement would catch a client without the cap', async () => {
    server.setFaults({ latencyMs: 150 });
    const c = client({ maxConcurrent: 20 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.search({ status: 'Closed', limit: 1, offset: i })));
    expect(server.stats.maxInFlight).toBeGreaterThan(5);
  });

  it('retries 5xx and then succeeds', async () => {
    server.setFaults({ failNext: 2, errorStatus: 503 });
    const page = await client({ maxRetries: 3 }).search({ status: 'Closed', limit: 3 });
    expect(page.listings).toHaveLength(3);
    expect(server.stats.requests).toBe(3);
  });

  it('honours Retry-After on 429', async () => {
    server.setFaults({ rateLimitNext: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    await client().search({ status: 'Closed', limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.stats.requests).toBe(2);
  });

  it('gives up after maxRetries with an error marked retryable', async () => {
    server.setFaults({ errorRate: 1, errorStatus: 500 });
    const error = await client({ maxRetries: 2 })
      .search({ status: 'Closed' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlsError);
    expect(error).toMatchObject({ kind: 'http', status: 500, retryable: true, attempts: 3 });
    expect(server.stats.requests).toBe(3);
  });

  it('does not retry other 4xx (bad credentials, bad parameters)', async () => {
    const unauthorised = await client({ secret: 'wrong' })
      .search({ status: 'Closed' })
      .catch((e: unknown) => e);
    expect(unauthorised).toMatchObject({ name: 'MlsError', status: 401, retryable: false, attempts: 1 });
    const bad = await client()
      .search({ status: 'Closed', offset: 10_000_000 })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, retryable: false });
    expect((bad as Error).message).toContain('offset too high');
    expect(server.stats.requests).toBe(2);
  });

  it('times out a hanging request, retries, and reports a retryable timeout', async () => {
    server.setFaults({ hangRate: 1 });
    const error = await client({ timeoutMs: 100, maxRetries: 1 })
      .search({ status: 'Closed' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 });
    expect(server.stats.requests).toBe(2);
  });

  it('treats malformed JSON as retryable, recovering when the next answer is whole', async () => {
    server.setFaults({ malformedRate: 1 });
    const error = await client({ maxRetries: 1 })
      .search({ status: 'Closed' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid_json', retryable: true, attempts: 2 });
  });

  it('reports network errors as retryable', async () => {
    const dead = createSimplyRetsClient({ baseUrl: 'http://127.0.0.1:9', key: 'k', secret: 's', maxRetries: 1, retryBaseDelayMs: 1 });
    await expect(dead.search()).rejects.toMatchObject({ kind: 'network', retryable: true, attempts: 2 });
  });

  it('rejects a response that is not a listing array (not retried)', async () => {
    const fakeFetch: typeof fetch = async () => new Response(JSON.stringify([{ mlsId: 'abc' }]), { status: 200 });
    const c = createSimplyRetsClient({ baseUrl: 'http://mls.invalid', key: 'k', secret: 's', fetch: fakeFetch });
    await expect(c.search()).rejects.toMatchObject({ kind: 'invalid_response', retryable: false });
  });

  it('sends Basic auth, the versioned Accept header and repeated keys', async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      return new Response('[]', { status: 200 });
    };
    const c = createSimplyRetsClient({ baseUrl: 'https://api.example.test/', key: 'simplyrets', secret: 'simplyrets', fetch: fakeFetch });
    await c.search({
      status: ['Active', 'Pending'],
      points: [
        { lat: 1, lng: 2 },
        { lat: 3, lng: 4 },
        { lat: 5, lng: 6 },
      ],
      limit: 9000,
    });
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/properties');
    expect(url.searchParams.getAll('status')).toEqual(['Active', 'Pending']);
    expect(url.searchParams.getAll('points')).toEqual(['1,2', '3,4', '5,6']);
    expect(url.searchParams.get('limit')).toBe('500');
    expect(seen[0]!.headers.get('authorization')).toBe('Basic c2ltcGx5cmV0czpzaW1wbHlyZXRz');
    expect(seen[0]!.headers.get('accept')).toBe('application/vnd.simplyrets-v0.1+json');
  });
});
