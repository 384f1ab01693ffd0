import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPointInPolygon } from '../src/geo';
import { startLocalMlsServer, type LocalMlsServer } from '../src/server/local-mls-server';
import { buildListing, numberSales, saleSearchFields } from '../src/server/listing-builder';
import { searchFieldsOf } from '../src/server/listing-index';
import { loadKingCountySales } from '../src/server/king-county-csv';
import { keyPaths, loadDemoListings, loadListingValidator, missingDemoKeys } from './spec-validator';

const AUTH = { authorization: `Basic ${Buffer.from('simplyrets:simplyrets').toString('base64')}` };
const SEATTLE_NORTH = [
  { lat: 47.6, lng: -122.4 },
  { lat: 47.7, lng: -122.4 },
  { lat: 47.7, lng: -122.25 },
  { lat: 47.6, lng: -122.25 },
];
const pointsQuery = (polygon: { lat: number; lng: number }[]) => polygon.map((p) => `points=${p.lat},${p.lng}`).join('&');

let server: LocalMlsServer;
const get = (path: string, headers: Record<string, string> = AUTH) => fetch(`${server.url}${path}`, { headers });

beforeAll(async () => {
  server = await startLocalMlsServer();
});
afterAll(async () => {
  await server.close();
});

describe('local MLS server: listing shape', () => {
  const validate = loadListingValidator();
  const demoPaths = [...new Set(loadDemoListings().flatMap((l) => keyPaths(l)))];

  it('the validator and key set accept the captured real response (sanity check of the test itself)', () => {
    for (const listing of loadDemoListings()) {
      expect(validate(listing), JSON.stringify(validate.errors)).toBe(true);
      expect(missingDemoKeys(listing, demoPaths)).toEqual([]);
    }
  });

  it.each([
    ['first page', '/properties?status=Closed&limit=50'],
    ['with street addresses', '/properties?status=Closed&q=Seattle&limit=100'],
    ['lastId cursor', '/properties?status=Closed&limit=500&lastId=1010000'],
    ['polygon', `/properties?status=Closed&limit=200&${pointsQuery(SEATTLE_NORTH)}`],
    ['waterfront and renovated', '/properties?status=Closed&limit=500&sort=-listprice'],
  ])('every listing (%s) validates against the OpenAPI Listing schema and has every captured key', async (_, path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const listings = (await res.json()) as unknown[];
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) {
      expect(validate(listing), JSON.stringify(validate.errors)).toBe(true);
      expect(missingDemoKeys(listing, demoPaths)).toEqual([]);
    }
  });

  it('maps a King County sale to a Closed listing with county facts under `assessor`', async () => {
    const res = await get('/properties?status=Closed&q=12211%20SE%2065th%20St');
    const [listing] = (await res.json()) as Record<string, any>[];
    expect(listing).toMatchObject({
      listPrice: null,
      mls: { status: 'Closed' },
      sales: { closePrice: 440000, closeDate: '2014-05-02T00:00:00Z' },
      address: { full: '12211 SE 65th St', streetNumber: 12211, streetName: 'SE 65th St', city: 'Bellevue', postalCode: '98006' },
      geo: { lat: 47.5443, lng: -122.177, county: 'King' },
      property: {
        bedrooms: 4,
        bathrooms: 2.25,
        bathsFull: 2,
        bathsHalf: 1,
        area: 2160,
        lotSizeArea: 8119,
        yearBuilt: 1966,
        stories: 1,
        view: 'None',
      },
      tax: { id: '5056500260' },
      assessor: { grade: 8, condition: 3, view: 0, waterfront: false, yearRenovated: null },
    });
  });

  it('search fields read from the CSV row agree with the built listing', () => {
    const numbered = numberSales(loadKingCountySales());
    for (const { sale, mlsId } of numbered.filter((_, i) => i % 97 === 0)) {
      const fromListing = searchFieldsOf(buildListing(sale, mlsId));
      const fromRow = saleSearchFields(sale, mlsId);
      expect({ ...fromRow, searchText: [...new Set(fromRow.searchText)].sort() }).toEqual({
        ...fromListing,
        searchText: [...new Set(fromListing.searchText)].sort(),
      });
    }
  });
});

describe('local MLS server: endpoints', () => {
  it('requires HTTP Basic auth (401 body as the spec gives it)', async () => {
    const none = await get('/properties', {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 401, message: 'Authentication Required' });
    const wrong = await get('/properties', { authorization: `Basic ${Buffer.from('simplyrets:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
  });

  it('answers GET /properties/{mlsId} and 404 for an unknown id', async () => {
    const ok = await get('/properties/1000039');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { mlsId: number }).mlsId).toBe(1000039);
    const missing = await get('/properties/99999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 404, message: 'No property found wih MLS ID "99999999"' });
  });

  it('rejects bad parameters with 400', async () => {
    for (const path of [
      '/properties?limit=x',
      '/properties?status=Sold',
      '/properties?points=1,2&points=3',
      '/properties?status=Closed&offset=999999',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: number; message: string };
      expect(body.error).toBe(400);
      expect(body.message.length).toBeGreaterThan(0);
    }
  });

  it('defaults to Active + Pending (none in sold-only data), limit 20, max 500', async () => {
    expect(await (await get('/properties')).json()).toEqual([]);
    expect(((await (await get('/properties?status=Closed')).json()) as unknown[]).length).toBe(20);
    expect(((await (await get('/properties?status=Closed&limit=900')).json()) as unknown[]).length).toBe(500);
  });

  it('sends X-Total-Count with count=true and Link headers that keep the parameters', async () => {
    const res = await get('/properties?status=Closed&cities=seattle&limit=10&offset=10&count=true');
    const total = Number(res.headers.get('x-total-count'));
    expect(total).toBeGreaterThan(1000);
    const link = res.headers.get('link') ?? '';
    expect(link).toContain('rel="prev"');
    expect(link).toContain('rel="next"');
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
    expect(new URL(next).searchParams.getAll('cities')).toEqual(['seattle']);
    expect(new URL(next).searchParams.get('offset')).toBe('20');
    expect(res.headers.get('x-simplyrets-media-type')).toBe('vnd.simplyrets-v0.1');
  });

  it('pages by lastId in mlsId order', async () => {
    const first = (await (await get('/properties?status=Closed&limit=5&lastId=0')).json()) as { mlsId: number }[];
    expect(first.map((l) => l.mlsId)).toEqual([1000001, 1000002, 1000003, 1000004, 1000005]);
    const res = await get('/properties?status=Closed&limit=5&lastId=1000005');
    expect(((await res.json()) as { mlsId: number }[])[0]!.mlsId).toBe(1000006);
    expect(res.headers.get('link')).toContain('lastId=1000010');
  });

  it('filters by polygon, postal code, beds, baths, area, price and year', async () => {
    const inPolygon = (await (await get(`/properties?status=Closed&limit=500&${pointsQuery(SEATTLE_NORTH)}`)).json()) as any[];
    expect(inPolygon.length).toBe(500);
    for (const l of inPolygon) expect(isPointInPolygon(l.geo, SEATTLE_NORTH)).toBe(true);

    const filtered = (await (
      await get(
        '/properties?status=Closed&limit=500&postalCodes=98103&postalCodes=98115&minbeds=3&maxbeds=4&minbaths=2&minarea=1500&maxarea=3000&minprice=400000&maxprice=900000&minyear=1950&maxyear=2010',
      )
    ).json()) as any[];
    expect(filtered.length).toBeGreaterThan(10);
    for (const l of filtered) {
      expect(['98103', '98115']).toContain(l.address.postalCode);
      expect(l.property.bedrooms).toBeGreaterThanOrEqual(3);
      expect(l.property.bedrooms).toBeLessThanOrEqual(4);
      expect(l.property.bathrooms).toBeGreaterThanOrEqual(2);
      expect(l.property.area).toBeGreaterThanOrEqual(1500);
      expect(l.property.area).toBeLessThanOrEqual(3000);
      expect(l.sales.closePrice).toBeGreaterThanOrEqual(400000);
      expect(l.sales.closePrice).toBeLessThanOrEqual(900000);
      expect(l.property.yearBuilt).toBeGreaterThanOrEqual(1950);
      expect(l.property.yearBuilt).toBeLessThanOrEqual(2010);
    }
  });

  it('sorts by close date and price', async () => {
    const byDate = (await (await get('/properties?status=Closed&limit=50&sort=-closedate')).json()) as any[];
    const dates = byDate.map((l) => l.sales.closeDate as string);
    expect(dates).toEqual([...dates].sort().reverse());
    const byPrice = (await (await get('/properties?status=Closed&limit=50&sort=listprice')).json()) as any[];
    const prices = byPrice.map((l) => l.sales.closePrice as number);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('answers OPTIONS /properties with the feed metadata', async () => {
    const res = await fetch(`${server.url}/properties`, { method: 'OPTIONS', headers: AUTH });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fields: { cities: string[]; status: string[] } };
    expect(body.fields.cities).toContain('Seattle');
    expect(body.fields.status).toEqual(['Closed']);
  });
});

describe('local MLS server: fault injection', () => {
  it('injects errors, 429s with Retry-After, malformed JSON and latency from the query string', async () => {
    const err = await get('/properties?status=Closed&fault.errorRate=1&fault.errorStatus=503');
    expect(err.status).toBe(503);
    expect(await err.json()).toEqual({ error: 503, message: 'Internal Server Error' });

    const limited = await get('/properties?status=Closed&fault.rateLimitRate=1&fault.retryAfterSeconds=7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({ error: 429, message: 'Too Many Requests' });

    const malformed = await get('/properties?status=Closed&fault.malformedRate=1');
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    const started = Date.now();
    expect((await get('/properties?status=Closed&limit=1&fault.latencyMs=150')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs until the client gives up', async () => {
    const res = fetch(`${server.url}/properties?status=Closed&fault.hangRate=1`, { headers: AUTH, signal: AbortSignal.timeout(300) });
    await expect(res).rejects.toThrow();
  });

  it('applies server-wide faults set at run time, with a deterministic countdown', async () => {
    server.setFaults({ failNext: 2, errorStatus: 502 });
    expect((await get('/properties?status=Closed&limit=1')).status).toBe(502);
    expect((await get('/properties?status=Closed&limit=1')).status).toBe(502);
    expect((await get('/properties?status=Closed&limit=1')).status).toBe(200);
    server.setFaults({});
  });
});
