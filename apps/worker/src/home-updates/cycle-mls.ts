import { pointInPolygon, polygonBounds, type Sale } from '@opencma/core';
import type { MlsGateway, Polygon } from '@opencma/mls';

/**
 * The MLS as one update cycle sees it (decision 0037). A cycle values thousands of homes, and homes in
 * one area search the same sales again and again: each comp search downloaded ~1,000 listings. Here
 * the closed sales are fetched once per cycle by tile (a small grid of rectangles, each asked of the
 * MLS as a polygon), and each polygon search of the valuation is answered from the tiles it overlaps
 * with the same point-in-polygon test the MLS's polygon search makes, in the MLS's order (mlsId
 * ascending, the `lastId` cursor's). Same sales, same order: the valuation is the one a report makes.
 *
 * Everything else (the subject, the newest close date, active listings) is asked of the MLS as before.
 * Tiles belong to one cycle (a cycle key of its own: another cycle's jobs, e.g. a past period the sweeper
 * queued again, never see them), are fetched again after `ttlMs`, and are bounded by `maxSales` over all
 * cycles (the least recently used tiles go first).
 */
export interface CycleMlsOptions {
  /** Tile height in degrees of latitude (default 0.02 ≈ 2.2 km); width is 1.5 × (≈ 2.2 km at 47° N). */
  tileDeg?: number;
  /** Sales kept at most (default 150,000). */
  maxSales?: number;
  /** A tile is fetched again after this long (default 15 minutes). */
  ttlMs?: number;
  clock?: () => number;
}

export interface CycleMls {
  /** The gateway for the cycle `key` (e.g. its as-of day): tiles cached for that cycle over `mls`. */
  forCycle(key: string, mls: MlsGateway): MlsGateway;
  /** Tiles fetched from the MLS since start (for tests and benchmarks). */
  readonly tilesFetched: number;
}

/**
 * Tile edges are widened by this much (degrees, ~1 m) when asked of the MLS, so a sale exactly on an
 * edge is strictly inside a tile's polygon; the union is deduplicated by id.
 */
const EDGE_MARGIN = 1e-5;

interface Tile {
  sales: Promise<Sale[]>;
  fetchedAt: number;
  size: number;
}

export function createCycleMls(opts: CycleMlsOptions = {}): CycleMls {
  const latDeg = opts.tileDeg ?? 0.02;
  const lngDeg = latDeg * 1.5;
  const maxSales = opts.maxSales ?? 150_000;
  const ttlMs = opts.ttlMs ?? 15 * 60_000;
  const clock = opts.clock ?? Date.now;
  /** By cycle key and tile; insertion order = least recently used first (a hit moves a tile to the end). */
  const tiles = new Map<string, Tile>();
  let held = 0;
  let tilesFetched = 0;

  const tilePolygon = (a: number, b: number): Polygon => {
    const [s, n, w, e] = [a * latDeg - EDGE_MARGIN, (a + 1) * latDeg + EDGE_MARGIN, b * lngDeg - EDGE_MARGIN, (b + 1) * lngDeg + EDGE_MARGIN];
    return [
      { lat: s, lng: w },
      { lat: s, lng: e },
      { lat: n, lng: e },
      { lat: n, lng: w },
    ];
  };

  function tile(cycle: string, mls: MlsGateway, a: number, b: number): Promise<Sale[]> {
    const key = `${cycle}|${a}:${b}`;
    const hit = tiles.get(key);
    if (hit && clock() - hit.fetchedAt < ttlMs) {
      tiles.delete(key);
      tiles.set(key, hit);
      return hit.sales;
    }
    if (hit) {
      tiles.delete(key);
      held -= hit.size;
    }
    const entry: Tile = { sales: mls.closedSalesInPolygon(tilePolygon(a, b)), fetchedAt: clock(), size: 0 };
    tilesFetched++;
    tiles.set(key, entry);
    entry.sales.then(
      (sales) => {
        if (tiles.get(key) !== entry) return;
        entry.size = sales.length;
        held += sales.length;
        for (const [k, t] of tiles) {
          if (held <= maxSales || t === entry) break;
          tiles.delete(k);
          held -= t.size;
        }
      },
      () => {
        if (tiles.get(key) === entry) tiles.delete(key); // a failed fetch is not kept: the next search asks again
      },
    );
    return entry.sales;
  }

  async function closedSalesInPolygon(cycle: string, mls: MlsGateway, polygon: Polygon): Promise<Sale[]> {
    if (polygon.length < 3) return mls.closedSalesInPolygon(polygon); // the MLS's own error
    const box = polygonBounds(polygon);
    const [a0, a1] = [Math.floor(box.minLat / latDeg), Math.floor(box.maxLat / latDeg)];
    const [b0, b1] = [Math.floor(box.minLng / lngDeg), Math.floor(box.maxLng / lngDeg)];
    const parts: Array<Promise<Sale[]>> = [];
    for (let a = a0; a <= a1; a++) for (let b = b0; b <= b1; b++) parts.push(tile(cycle, mls, a, b));
    const byId = new Map<string, Sale>();
    for (const sales of await Promise.all(parts)) {
      for (const s of sales) if (!byId.has(s.id) && pointInPolygon({ lat: s.latitude, lng: s.longitude }, polygon)) byId.set(s.id, s);
    }
    return [...byId.values()].sort(byMlsId);
  }

  return {
    forCycle(key, mls) {
      return {
        findSubject: (q) => mls.findSubject(q),
        closedSalesInPolygon: (polygon) => closedSalesInPolygon(key, mls, polygon),
        allClosedSales: () => mls.allClosedSales(),
        // no count: a search is answered from memory, so there is no download to skip
        newestCloseDateInPolygon: (polygon) => mls.newestCloseDateInPolygon(polygon),
        activeListingsInPolygon: (polygon) => mls.activeListingsInPolygon(polygon),
      };
    },
    get tilesFetched() {
      return tilesFetched;
    },
  };
}

/** The MLS's page order (the `lastId` cursor): numeric ids ascending, others after them by text. */
function byMlsId(x: Sale, y: Sale): number {
  const [a, b] = [Number(x.id), Number(y.id)];
  if (Number.isFinite(a) && Number.isFinite(b)) return a - b;
  if (Number.isFinite(a) !== Number.isFinite(b)) return Number.isFinite(a) ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}
