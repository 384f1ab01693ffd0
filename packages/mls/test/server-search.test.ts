import { describe, expect, it } from 'vitest';
import { compSearchAreas } from '@opencma/core';
import { loadDataset } from '../src/server/dataset';
import { matches, search, sortListings } from '../src/server/search';
import { parseSearchQuery, type SearchQuery } from '../src/server/search-query';
import type { IndexedListing } from '../src/server/listing-index';

/** What search() did before it presorted and boxed: filter everything, then sort the matches. */
function reference(all: readonly IndexedListing[], query: SearchQuery) {
  return sortListings(
    all.filter((i) => matches(i, query)),
    query,
  );
}

const ids = (items: IndexedListing[]) => items.map((i) => i.mlsId);

describe('local MLS search: presorted order and polygon box give the plain filter-and-sort answer', () => {
  const { listings } = loadDataset();
  const centres = [
    { latitude: 47.5112, longitude: -122.257 },
    { latitude: 47.6168, longitude: -122.047 },
    { latitude: 47.7379, longitude: -122.233 },
    { latitude: 47.3097, longitude: -122.327 },
  ];
  const polygons = centres.flatMap((c) => compSearchAreas(c).map((a) => a.polygon));
  // A polygon through listings' own coordinates: points on vertices and edges behave as before.
  const f = listings.slice(0, 3).map((l) => ({ lat: l.fields.lat!, lng: l.fields.lng! }));
  polygons.push(f);
  const pts = (poly: Array<{ lat: number; lng: number }>) => poly.map((p) => `${p.lat},${p.lng}`);

  it('for polygons with every sort and with lastId paging', () => {
    const sorts = [undefined, '-closedate', 'closedate', 'listprice', '-listprice', 'beds', '-baths', 'listdate'];
    let checked = 0;
    for (const poly of polygons) {
      for (const sort of sorts) {
        const query = parseSearchQuery({ status: 'Closed', points: pts(poly), limit: '500', count: 'true', ...(sort ? { sort } : {}) });
        const want = reference(listings, query);
        const got = search(listings, query);
        expect(got.total).toBe(want.length);
        expect(ids(got.items)).toEqual(ids(want.slice(0, 500)));
        expect(got.next).toEqual(want.length > 500 ? { offset: 500 } : null);
        // Without count=true: the same page and links, the scan may stop one past the page.
        const small = parseSearchQuery({ status: 'Closed', points: pts(poly), limit: '3', offset: '2', ...(sort ? { sort } : {}) });
        const page = search(listings, small);
        expect(ids(page.items)).toEqual(ids(want.slice(2, 5)));
        expect(page.next).toEqual(want.length > 5 ? { offset: 5 } : null);
        expect(page.prev).toEqual({ offset: 0 });
        checked += want.length;
      }
      const paged = parseSearchQuery({ status: 'Closed', points: pts(poly), limit: '100', lastId: String(listings[4000]!.mlsId) });
      const want = reference(listings, paged).filter((i) => i.mlsId > paged.lastId!);
      expect(ids(search(listings, paged).items)).toEqual(ids(want.slice(0, 100)));
    }
    expect(checked).toBeGreaterThan(10_000);
    // Seconds of CPU (it took 43 s on 2 cores shared by several test runs): a generous bound, not a speed check.
  }, 180_000);

  it('without a polygon, with other filters', () => {
    const query = parseSearchQuery({
      status: 'Closed',
      postalCodes: ['98103', '98115'],
      minbeds: '3',
      sort: '-listprice',
      limit: '50',
      offset: '20',
      count: 'true',
    });
    const want = reference(listings, query);
    const got = search(listings, query);
    expect(got.total).toBe(want.length);
    expect(ids(got.items)).toEqual(ids(want.slice(20, 70)));
    const newest = search(listings, parseSearchQuery({ status: 'Closed', sort: '-closedate', limit: '1' }));
    expect(ids(newest.items)).toEqual(ids(reference(listings, parseSearchQuery({ status: 'Closed', sort: '-closedate' })).slice(0, 1)));
    expect(newest.next).toEqual({ offset: 1 });
    const tooFar = parseSearchQuery({ status: 'Closed', postalCodes: ['98103'], limit: '10', offset: String(want.length + 5) });
    expect(() => search(listings, tooFar)).toThrow('offset too high');
  });
});
