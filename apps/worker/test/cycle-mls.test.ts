/**
 * The cycle's MLS (decision 0037): polygon searches answered from tiles fetched once per cycle give
 * the same sales in the same order as the MLS's own polygon search, so an update values a home exactly
 * as a report does — checked against the real local MLS server over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { circlePolygon, type Sale } from '@opencma/core';
import type { ConsumerReport } from '@opencma/db';
import {
  createSimplyRetsClient,
  createSimplyRetsGateway,
  DEMO_CREDENTIALS,
  startLocalMlsServer,
  type LocalMlsServer,
  type MlsGateway,
} from '@opencma/mls';
import type { WorkerDeps } from '../src/deps';
import { createCycleMls } from '../src/home-updates/cycle-mls';
import { mlsAsOf } from '../src/home-updates/mls-as-of';
import { gatherValuation } from '../src/tasks/process-consumer-report';

let server: LocalMlsServer;
let mls: MlsGateway;
let polygonSearches = 0;

beforeAll(async () => {
  server = await startLocalMlsServer({ asOf: '2015-02-28' });
  const gateway = createSimplyRetsGateway(createSimplyRetsClient({ baseUrl: server.url, ...DEMO_CREDENTIALS }));
  mls = {
    ...gateway,
    closedSalesInPolygon: (polygon) => {
      polygonSearches++;
      return gateway.closedSalesInPolygon(polygon);
    },
  };
});
afterAll(async () => {
  await server?.close();
});

const ids = (sales: Sale[]) => sales.map((s) => s.id);

describe('the cycle MLS', () => {
  it('answers polygon searches with the MLS’s sales in the MLS’s order, wherever the polygon falls on the tiles', async () => {
    const cycle = createCycleMls().forCycle('2015-04-01', mls);
    // Circles of several sizes around Seattle, Bellevue, Kent and the countryside, and a square whose
    // edges run exactly along tile edges and through sales' coordinates (3–4 decimals).
    const polygons = [
      circlePolygon({ lat: 47.6979, lng: -122.3401 }, 1),
      circlePolygon({ lat: 47.6979, lng: -122.3401 }, 1.6),
      circlePolygon({ lat: 47.61, lng: -122.2 }, 3),
      circlePolygon({ lat: 47.38, lng: -122.23 }, 6),
      circlePolygon({ lat: 47.45, lng: -121.75 }, 12),
      [
        { lat: 47.66, lng: -122.34 },
        { lat: 47.66, lng: -122.31 },
        { lat: 47.7, lng: -122.31 },
        { lat: 47.7, lng: -122.34 },
      ],
    ];
    for (const polygon of polygons) {
      const expected = await mls.closedSalesInPolygon(polygon);
      expect(expected.length).toBeGreaterThan(0);
      const got = await cycle.closedSalesInPolygon(polygon);
      expect(ids(got)).toEqual(ids(expected));
      expect(got).toEqual(expected);
    }
  });

  it('values homes exactly as the report path does, as of a cycle date, fetching each area once a cycle', async () => {
    const cycleMls = createCycleMls();
    const asOf = '2015-02-01';
    const depsFor = (gateway: MlsGateway) =>
      ({
        config: { useLocalMls: true },
        logger: pino({ level: 'silent' }),
        now: () => new Date(`${asOf}T12:00:00Z`),
        mls: mlsAsOf(gateway, asOf),
      }) as unknown as WorkerDeps;
    const homes = [
      '1156 N 93rd St, Seattle, WA 98103',
      '6521 Fremont Ave N, Seattle, WA 98103',
      '1733 NE 88th St, Seattle, WA 98115',
      '12211 SE 65th St, Bellevue, WA 98006',
    ];
    for (const address of homes) {
      const row = { property_address: address, place: { postalCode: address.slice(-5) }, consumer_facts: null } as unknown as ConsumerReport;
      const report = await gatherValuation(depsFor(mls), row);
      expect(report.valuation.estimate).not.toBeNull();
      const update = await gatherValuation(depsFor(cycleMls.forCycle(asOf, mls)), row);
      expect(update).toEqual(report);
    }
    // Every area searched is held for the cycle: valuing a home again asks the MLS for no sales.
    const before = polygonSearches;
    const fetched = cycleMls.tilesFetched;
    const row = { property_address: homes[0], place: { postalCode: '98103' }, consumer_facts: null } as unknown as ConsumerReport;
    await gatherValuation(depsFor(cycleMls.forCycle(asOf, mls)), row);
    expect(cycleMls.tilesFetched).toBe(fetched);
    expect(polygonSearches).toBe(before);
    // Another cycle has tiles of its own (the MLS may have moved on) …
    await gatherValuation(depsFor(cycleMls.forCycle('2015-03-01', mls)), row);
    expect(cycleMls.tilesFetched).toBeGreaterThan(fetched);
    // … and does not cost the first cycle its tiles (a job of an older period in between)
    const afterOther = cycleMls.tilesFetched;
    await gatherValuation(depsFor(cycleMls.forCycle(asOf, mls)), row);
    expect(cycleMls.tilesFetched).toBe(afterOther);
  });

  it('does not keep a tile whose fetch failed: the next search asks the MLS again', async () => {
    const cycle = createCycleMls().forCycle('2015-04-01', mls);
    // inside one tile (47.50–47.52 N, 122.37–122.34 W), so the failed search is one request
    const polygon = circlePolygon({ lat: 47.51, lng: -122.355 }, 0.5);
    server.setFaults({ errorRate: 1, errorStatus: 400 });
    try {
      await expect(cycle.closedSalesInPolygon(polygon)).rejects.toThrow(/400/);
    } finally {
      server.setFaults({});
    }
    const expected = await mls.closedSalesInPolygon(polygon);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(await cycle.closedSalesInPolygon(polygon))).toEqual(ids(expected));
  });
});
