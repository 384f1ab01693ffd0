import { buildListing, numberSales, saleSearchFields } from './listing-builder';
import { loadKingCountySales, DEFAULT_DATA_FILE } from './king-county-csv';
import { IndexedListing, indexListing } from './listing-index';
import type { ListingInput } from '../listing-schema';

export interface Dataset {
  /** In mlsId order. */
  listings: IndexedListing[];
  byId: Map<number, IndexedListing>;
  /** Newest `modified` timestamp, sent as X-SimplyRETS-LastUpdate. */
  lastUpdate: string;
  cities: string[];
}

const cache = new Map<string, Dataset>();

/** Builds (once per process and file) the listings the local server answers from. */
export function loadDataset(dataFile: string = DEFAULT_DATA_FILE): Dataset {
  let dataset = cache.get(dataFile);
  if (!dataset) {
    const numbered = numberSales(loadKingCountySales(dataFile));
    const listings = numbered.map(({ sale, mlsId }) => new IndexedListing(saleSearchFields(sale, mlsId), () => buildListing(sale, mlsId)));
    const cities = new Set<string>();
    let lastUpdate = '1970-01-01T00:00:00Z';
    for (const { sale } of numbered) {
      if (sale.city) cities.add(sale.city);
      if (`${sale.saleDate}T00:00:00Z` > lastUpdate) lastUpdate = `${sale.saleDate}T00:00:00Z`;
    }
    dataset = {
      listings,
      byId: new Map(listings.map((l) => [l.mlsId, l])),
      lastUpdate,
      cities: [...cities].sort(),
    };
    cache.set(dataFile, dataset);
  }
  return dataset;
}

/** The dataset plus extra listings (e.g. Active ones for tests); an extra listing replaces one with its mlsId. */
export function withExtraListings(base: Dataset, extra: readonly ListingInput[]): Dataset {
  if (extra.length === 0) return base;
  const byId = new Map(base.byId);
  for (const listing of extra) byId.set(listing.mlsId, indexListing(listing));
  const listings = [...byId.values()].sort((a, b) => a.mlsId - b.mlsId);
  const cities = new Set(base.cities);
  let lastUpdate = base.lastUpdate;
  for (const listing of extra) {
    if (listing.address?.city) cities.add(listing.address.city);
    if (listing.modified && listing.modified > lastUpdate) lastUpdate = listing.modified;
  }
  return { listings, byId, lastUpdate, cities: [...cities].sort() };
}

/** The dataset as it stood on `asOf` (YYYY-MM-DD): sales that closed after it are hidden (MLS_AS_OF). */
export function asOfDataset(base: Dataset, asOf: string | null | undefined): Dataset {
  if (!asOf) return base;
  const listings = base.listings.filter((l) => !l.fields.closeDate || l.fields.closeDate.slice(0, 10) <= asOf);
  const lastUpdate = base.lastUpdate.slice(0, 10) > asOf ? `${asOf}T00:00:00Z` : base.lastUpdate;
  return { ...base, listings, byId: new Map(listings.map((l) => [l.mlsId, l])), lastUpdate };
}
