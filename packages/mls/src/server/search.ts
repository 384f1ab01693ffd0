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
  total: number;
  /** Where the next page starts: `{ lastId }` or `{ offset }`; null on the last page. */
  next: { lastId: number } | { offset: number } | null;
  prev: { lastId: number } | { offset: number } | null;
}

/** Filters, sorts and cuts one page out of the listings (ordered by mlsId ascending). */
export function search(all: readonly IndexedListing[], query: SearchQuery): SearchPage {
  const found = sortListings(all.filter((i) => matches(i, query)), query);
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
