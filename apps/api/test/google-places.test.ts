import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { testConfig } from '../../../tests/helpers/test-config';

/** A local server speaking the Places API (New) JSON for autocomplete and place details. */
async function startFakePlaces() {
  const seen: Array<{ method: string; url: string; key: string | undefined; fieldMask: string | undefined; body: unknown }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        key: req.headers['x-goog-api-key'] as string | undefined,
        fieldMask: req.headers['x-goog-fieldmask'] as string | undefined,
        body: raw ? JSON.parse(raw) : null,
      });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v1/places:autocomplete') {
        return res.end(
          JSON.stringify({
            suggestions: [
              {
                placePrediction: {
                  placeId: 'ChIJ-unit-4',
                  text: { text: '500 Pine St #4, Seattle, WA, USA' },
                  structuredFormat: { mainText: { text: '500 Pine St #4' }, secondaryText: { text: 'Seattle, WA, USA' } },
                },
              },
            ],
          }),
        );
      }
      if (req.url === '/v1/places/ChIJ-unit-4') {
        return res.end(
          JSON.stringify({
            id: 'ChIJ-unit-4',
            formattedAddress: '500 Pine St #4, Seattle, WA 98101, USA',
            location: { latitude: 47.6114, longitude: -122.3368 },
            addressComponents: [
              { longText: '4', shortText: '4', types: ['subpremise'] },
              { longText: '500', shortText: '500', types: ['street_number'] },
              { longText: 'Pine Street', shortText: 'Pine St', types: ['route'] },
              { longText: 'Seattle', shortText: 'Seattle', types: ['locality', 'political'] },
              { longText: '98101', shortText: '98101', types: ['postal_code'] },
            ],
          }),
        );
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 404, status: 'NOT_FOUND' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('address autocomplete with GOOGLE_MAPS_API_KEY (Places API over HTTP)', () => {
  let fake: Awaited<ReturnType<typeof startFakePlaces>>;
  let app: FastifyInstance;
  let mlsCalls = 0;

  beforeAll(async () => {
    fake = await startFakePlaces();
    app = await buildApi(
      {
        config: testConfig({ GOOGLE_MAPS_API_KEY: 'gkey-123', GOOGLE_PLACES_BASE_URL: fake.url }),
        database: {} as never,
        queue: {} as never,
        storage: { get: async () => null },
        suggestAddresses: async () => {
          mlsCalls++;
          return [];
        },
      },
      { logger: false },
    );
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('suggests Google predictions (limited to the allowed countries) instead of MLS addresses', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/addresses?q=500%20Pine%20St%20%234' });
    expect(res.statusCode).toBe(200);
    expect(res.json().suggestions).toEqual([
      { address: '500 Pine St #4', city: 'Seattle, WA, USA', postalCode: null, latitude: null, longitude: null, mlsId: null, placeId: 'ChIJ-unit-4' },
    ]);
    expect(fake.seen.at(-1)).toMatchObject({ key: 'gkey-123', body: { input: '500 Pine St #4', includedRegionCodes: ['us', 'ca'] } });
    expect(mlsCalls).toBe(0);
  });

  it('resolves a pick with place details, keeping the unit number', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/addresses/place?id=ChIJ-unit-4' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      address: '500 Pine St #4',
      city: 'Seattle',
      postalCode: '98101',
      latitude: 47.6114,
      longitude: -122.3368,
      mlsId: null,
      placeId: 'ChIJ-unit-4',
    });
    expect(fake.seen.at(-1)?.fieldMask).toBe('id,formattedAddress,location,addressComponents');
    expect((await app.inject({ method: 'GET', url: '/v1/addresses/place?id=unknown' })).statusCode).toBe(404);
  });
});
