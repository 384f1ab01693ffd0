import { polygonBounds } from '@opencma/core';
import { addressTokens } from '../address-text';
import { isPointInPolygon } from '../geo';
import type { IndexedListing } from './listing-index';
import { BadRequest, type SearchQuery } from './search-query';

function within(value: number | null, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  if (value === null) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** Every token of one `q` value must prefix-match a token of the listing (q values are OR-ed). */
function matchesKeywords(item: IndexedListing, q: string[]): boolean {
  if (q.length === 0) return true;
  return q.some((value) => {
    const tokens = addressTokens(value);
    return tokens.length > 0 && tokens.every((t) => item.searchTokens.some((s) => s.startsWith(t)));
  });
}

export function matches(item: IndexedListing, query: SearchQuery): boolean {
  const f = item.fields;
  if (!query.status.includes(f.status)) return false;
  if (query.type.length > 0 && !query.type.includes(f.type)) return false;
  if (query.postalCodes.length > 0 && (f.postalCode === null || !query.postalCodes.includes(f.postalCode))) return false;
  if (query.cities.length > 0 && (f.city === null || !query.cities.includes(f.city))) return false;
  if (query.state.length > 0 && (f.state === null || !query.state.includes(f.state))) return false;
  if (query.counties.length > 0 && (f.county === null || !query.counties.includes(f.county))) return false;
  if (!within(f.beds, query.minbeds, query.maxbeds)) return false;
  if (!within(f.baths, query.minbaths, query.maxbaths)) return false;
  if (!within(f.area, query.minarea, query.maxarea)) return false;
  if (!within(f.price, query.minprice, query.maxprice)) return false;
  if (!within(f.yearBuilt, query.minyear, query.maxyear)) return false;
  if (query.points.length > 0) {
    if (f.lat === null || f.lng === null) return false;
    if (!isPointInPolygon({ lat: f.lat, lng: f.lng }, query.points)) return false;
  }
  return matchesKeywords(item, query.q);
}

type Comparable = number | string | null;
const SORT_FIELDS: Record<string, (i: IndexedListing) => Comparable> = {
  listprice: (i) => i.fields.price,
  listdate: (i) => i.fields.listDate,
  closedate: (i) => i.fields.closeDate,
  beds: (i) => i.fields.beds,
  baths: (i) => i.fields.baths,
  modified: (i) => i.fields.modified,
};

function compare(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (a === null) return 1; // nulls last either way
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** `lastId` pages are in mlsId order (sort ignored); otherwise `sort`, default `modified` newest first. */
export function sortListings(items: IndexedListing[], query: SearchQuery): IndexedListing[] {
  if (query.lastId !== undefined) return items.sort((a, b) => a.mlsId - b.mlsId);
  const sort = query.sort ?? '-modified';
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[sort.replace(/^-/, '')]!;
  return items.sort((a, b) => {
    const fa = field(a);
    const fb = field(b);
    const nullOrder = fa === null || fb === null ? compare(fa, fb) : 0;
    if (nullOrder !== 0) return nullOrder;
    return (descending ? -compare(fa, fb) : compare(fa, fb)) || a.mlsId - b.mlsId;
  });
}

export interface SearchPage {
  items: IndexedListing[];
  /**
   * Matches in all. Exact with `count` or `lastId`; otherwise (offset pages, where only X-Total-Count
   * would need it) counted only up to one past the page.
   */
  total: number;
  /** Where the next page starts: `{ lastId }` or `{ offset }`; null on the last page. */
  next: { lastId: number } | { offset: number } | null;
  prev: { lastId: number } | { offset: number } | null;
}

/**
 * A box around the polygon that no point outside it can be inside of (ray casting never counts such a
 * point in). Latitudes are compared exactly; longitudes with a margin far above the rounding error of
 * the ray-crossing arithmetic, so the box only ever rejects points the polygon test would reject.
 */
function outerBoxOf(points: SearchQuery['points']): { minLat: number; maxLat: number; minLng: number; maxLng: number } | null {
  if (points.length === 0) return null;
  const b = polygonBounds(points);
  const margin = 1e-7;
  return { ...b, minLng: b.minLng - margin, maxLng: b.maxLng + margin };
}

/** Grid cell size (degrees) of the spatial index: about 1.1 km × 0.75 km in King County. */
const CELL_DEG = 0.01;
const cellKey = (latCell: number, lngCell: number) => (latCell + 10_000) * 40_000 + (lngCell + 20_000);

/** What search() precomputes once per listing array (the arrays never change after loading). */
interface Prepared {
  /** Positions in the array of the listings with coordinates, by grid cell. */
  grid: Map<number, number[]>;
  /** Per page order: the listings in that order, and each position's rank in it. */
  orders: Map<string, { sorted: IndexedListing[]; rank: Int32Array }>;
}
const prepared = new WeakMap<readonly IndexedListing[], Prepared>();

function prepare(all: readonly IndexedListing[]): Prepared {
  let p = prepared.get(all);
  if (!p) {
    const grid = new Map<number, number[]>();
    all.forEach((item, pos) => {
      const { lat, lng } = item.fields;
      if (lat === null || lng === null) return;
      const key = cellKey(Math.floor(lat / CELL_DEG), Math.floor(lng / CELL_DEG));
      const cell = grid.get(key);
      if (cell) cell.push(pos);
      else grid.set(key, [pos]);
    });
    prepared.set(all, (p = { grid, orders: new Map() }));
  }
  return p;
}

/** `all` in the order sortListings gives `query` (a total order: ties broken by mlsId). */
function pageOrder(all: readonly IndexedListing[], query: SearchQuery): { sorted: IndexedListing[]; rank: Int32Array } {
  const { orders } = prepare(all);
  const key = query.lastId !== undefined ? 'mlsId' : (query.sort ?? '-modified');
  let order = orders.get(key);
  if (!order) {
    const positions = new Map(all.map((item, pos) => [item, pos]));
    const sorted = sortListings([...all], query);
    const rank = new Int32Array(all.length);
    sorted.forEach((item, k) => {
      rank[positions.get(item)!] = k;
    });
    orders.set(key, (order = { sorted, rank }));
  }
  return order;
}

/**
 * The listings matching `query`, in page order. Same answer as sorting the filtered listings, found
 * faster: a polygon's box rules out every listing outside it, and a small box is looked up in the
 * grid (its matches then put in page order by rank) instead of scanning every listing. A scan may
 * stop after `atMost` matches (the rest are not needed).
 */
function findMatching(all: readonly IndexedListing[], query: SearchQuery, atMost = Number.POSITIVE_INFINITY): IndexedListing[] {
  const box = outerBoxOf(query.points);
  const order = pageOrder(all, query);
  const inBox = (i: IndexedListing) => {
    if (!box) return true;
    const { lat, lng } = i.fields;
    return lat !== null && lng !== null && lat >= box.minLat && lat <= box.maxLat && lng >= box.minLng && lng <= box.maxLng;
  };
  if (box) {
    const [lat0, lat1] = [Math.floor(box.minLat / CELL_DEG), Math.floor(box.maxLat / CELL_DEG)];
    const [lng0, lng1] = [Math.floor(box.minLng / CELL_DEG), Math.floor(box.maxLng / CELL_DEG)];
    const cells = (lat1 - lat0 + 1) * (lng1 - lng0 + 1);
    if (cells <= 4_000) {
      const { grid } = prepare(all);
      const candidates: number[] = [];
      for (let a = lat0; a <= lat1; a++) {
        for (let b = lng0; b <= lng1; b++) {
          const cell = grid.get(cellKey(a, b));
          if (cell) for (const pos of cell) candidates.push(pos);
        }
      }
      // A small share of the listings: filter those, then order them by rank.
      if (candidates.length * 4 < all.length) {
        const hits = candidates.filter((pos) => inBox(all[pos]!) && matches(all[pos]!, query));
        hits.sort((x, y) => order.rank[x]! - order.rank[y]!);
        return hits.map((pos) => all[pos]!);
      }
    }
  }
  const found: IndexedListing[] = [];
  for (const i of order.sorted) {
    if (inBox(i) && matches(i, query)) found.push(i);
    if (found.length >= atMost) break;
  }
  return found;
}

/** Filters, sorts and cuts one page out of the listings (ordered by mlsId ascending). */
export function search(all: readonly IndexedListing[], query: SearchQuery): SearchPage {
  // An offset page without count=true only needs to know whether one more match follows it.
  const atMost = query.lastId === undefined && !query.count ? query.offset + query.limit + 1 : Number.POSITIVE_INFINITY;
  const found = findMatching(all, query, atMost);
  const total = found.length;
  if (query.lastId !== undefined) {
    const lastId = query.lastId;
    let start = found.findIndex((i) => i.mlsId > lastId);
    if (start < 0) start = total;
    start += query.offset;
    const items = found.slice(start, start + query.limit);
    const end = start + items.length;
    const prevStart = Math.max(0, start - query.limit);
    return {
      items,
      total,
      next: end < total ? { lastId: items[items.length - 1]!.mlsId } : null,
      prev: start > 0 ? { lastId: prevStart === 0 ? 0 : found[prevStart - 1]!.mlsId } : null,
    };
  }
  if (query.offset > total) throw new BadRequest('offset too high');
  const items = found.slice(query.offset, query.offset + query.limit);
  const end = query.offset + items.length;
  return {
    items,
    total,
    next: end < total ? { offset: end } : null,
    prev: query.offset > 0 ? { offset: Math.max(0, query.offset - query.limit) } : null,
  };
}
