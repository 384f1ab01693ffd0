import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimplyRetsClient, type SimplyRetsClient } from '../src/client/simplyrets-client';
import { findSubjectByAddress } from '../src/find-subject';
import { isPointInPolygon } from '../src/geo';
import {
  countClosedSalesInPolygon,
  fetchActiveListingsInPolygon,
  fetchClosedSalesInPolygon,
  fetchNewestCloseDateInPolygon,
} from '../src/polygon-search';
import { startLocalMlsServer, type LocalMlsServer } from '../src/server/local-mls-server';
import { suggestAddresses } from '../src/suggest';
import { loadDemoListings } from './spec-validator';

const BALLARD = [
  { lat: 47.66, lng: -122.41 },
  { lat: 47.69, lng: -122.41 },
  { lat: 47.69, lng: -122.37 },
  { lat: 47.66, lng: -122.37 },
];

let server: LocalMlsServer;
let client: SimplyRetsClient;

beforeAll(async () => {
  server = await startLocalMlsServer();
  client = createSimplyRetsClient({ baseUrl: server.url, key: 'simplyrets', secret: 'simplyrets' });
});
afterAll(async () => {
  await server.close();
});

describe('findSubjectByAddress', () => {
  it('finds a known King County address and normalises it to a Subject', async () => {
    const subject = await findSubjectByAddress(client, { address: '12211 SE 65th St, Bellevue, WA 98006', postalCode: '98006' });
    expect(subject).toEqual({
      address: '12211 SE 65th St, Bellevue, WA 98006',
      mlsId: '1000039',
      postalCode: '98006',
      latitude: 47.5443,
      longitude: -122.177,
      bedrooms: 4,
      bathrooms: 2.25,
      sqftLiving: 2160,
      sqftLot: 8119,
      yearBuilt: 1966,
      floors: 1,
      grade: 8,
      condition: 3,
      view: 0,
      waterfront: false,
      yearRenovated: null,
    });
  });

  it('tolerates spelled-out suffixes and directionals', async () => {
    const subject = await findSubjectByAddress(client, { address: '12211 Southeast 65th Street, Bellevue, Washington' });
    expect(subject?.mlsId).toBe('1000039');
  });

  it('uses the mlsId when given', async () => {
    expect((await findSubjectByAddress(client, { address: 'ignored', mlsId: '1000065' }))?.address).toBe('1156 N 93rd St, Seattle, WA 98103');
  });

  it('picks the latest sale when a street address sold more than once', async () => {
    const subject = await findSubjectByAddress(client, { address: '106 24th Ave E, Seattle, WA 98112' });
    expect(subject?.bathrooms).toBe(2.25); // the 2014-06-17 sale, not the 2014-05-12 one
  });

  it('returns null for an unknown address or a wrong house number', async () => {
    expect(await findSubjectByAddress(client, { address: '1 Nowhere Rd, Seattle, WA' })).toBeNull();
    expect(await findSubjectByAddress(client, { address: '12213 SE 65th St', postalCode: '98006' })).toBeNull();
  });
});

describe('polygon searches', () => {
  it('returns closed sales inside the polygon only, all pages, as Sales', async () => {
    const sales = await fetchClosedSalesInPolygon(client, BALLARD);
    expect(sales.length).toBeGreaterThan(100);
    expect(new Set(sales.map((s) => s.id)).size).toBe(sales.length);
    for (const sale of sales) {
      expect(isPointInPolygon({ lat: sale.latitude, lng: sale.longitude }, BALLARD)).toBe(true);
      expect(sale.closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(sale.closePrice).toBeGreaterThan(0);
    }
    const withStreet = sales.find((s) => s.address !== null);
    expect(withStreet?.city).toBe('Seattle');
  });

  it('gives the newest close date inside the polygon in one request', async () => {
    const sales = await fetchClosedSalesInPolygon(client, BALLARD);
    const newest = sales.reduce((max, s) => (s.closeDate > max ? s.closeDate : max), '');
    server.resetStats();
    expect(await fetchNewestCloseDateInPolygon(client, BALLARD)).toBe(newest);
    expect(server.stats.requests).toBe(1);
    const ocean = [
      { lat: 47.0, lng: -125.0 },
      { lat: 47.1, lng: -125.0 },
      { lat: 47.1, lng: -124.9 },
    ];
    expect(await fetchNewestCloseDateInPolygon(client, ocean)).toBeNull();
  });

  it('counts the closed sales inside the polygon in one request (X-Total-Count)', async () => {
    const sales = await fetchClosedSalesInPolygon(client, BALLARD);
    expect(sales.length).toBeGreaterThan(100);
    server.resetStats();
    expect(await countClosedSalesInPolygon(client, BALLARD)).toBe(sales.length);
    expect(server.stats.requests).toBe(1);
    const ocean = [
      { lat: 47.0, lng: -125.0 },
      { lat: 47.1, lng: -125.0 },
      { lat: 47.1, lng: -124.9 },
    ];
    expect(await countClosedSalesInPolygon(client, ocean)).toBe(0);
  });

  it('gives no count when the server sends none', async () => {
    const noCount = createSimplyRetsClient({
      baseUrl: server.url,
      key: 'simplyrets',
      secret: 'simplyrets',
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        const headers = new Headers(res.headers);
        headers.delete('x-total-count');
        return new Response(await res.text(), { status: res.status, headers });
      },
    });
    expect(await countClosedSalesInPolygon(noCount, BALLARD)).toBeNull();
  });

  it('finds no active listings in sold-only data', async () => {
    expect(await fetchActiveListingsInPolygon(client, BALLARD)).toEqual([]);
  });

  it('returns active listings inside the polygon when the MLS has them', async () => {
    const demo = loadDemoListings()[0] as Record<string, any>;
    const active = (mlsId: number, lat: number, lng: number) => ({
      ...demo,
      mlsId,
      geo: { ...demo.geo, lat, lng },
      mls: { ...demo.mls, status: 'Active' },
    });
    const withActive = await startLocalMlsServer({
      extraListings: [active(90000001, 47.67, -122.39), active(90000002, 47.1, -121.0)],
    });
    try {
      const c = createSimplyRetsClient({ baseUrl: withActive.url, key: 'simplyrets', secret: 'simplyrets' });
      const listings = await fetchActiveListingsInPolygon(c, BALLARD);
      expect(listings.map((l) => l.mlsId)).toEqual([90000001]);
    } finally {
      await withActive.close();
    }
  });

  it('rejects a polygon with fewer than 3 points', async () => {
    await expect(fetchClosedSalesInPolygon(client, BALLARD.slice(0, 2))).rejects.toThrow(RangeError);
  });
});

describe('suggestAddresses', () => {
  it('suggests addresses for a partial query with coordinates and mlsId', async () => {
    const suggestions = await suggestAddresses(client, '1156 N 9');
    expect(suggestions[0]).toEqual({
      address: '1156 N 93rd St',
      city: 'Seattle',
      postalCode: '98103',
      latitude: 47.6965,
      longitude: -122.342,
      mlsId: '1000065',
    });
  });

  it('de-duplicates an address that sold twice and respects the limit', async () => {
    const suggestions = await suggestAddresses(client, '106 24th Ave E');
    expect(suggestions.filter((s) => s.address === '106 24th Ave E')).toHaveLength(1);
    expect(await suggestAddresses(client, 'Seattle', 3)).toHaveLength(3);
    expect(await suggestAddresses(client, 'x')).toEqual([]);
  });
});
