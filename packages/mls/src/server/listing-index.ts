import { addressTokens } from '../address-text';
import type { ListingInput } from '../listing-schema';

/** The values the search filters and sorts on. */
export interface SearchFields {
  mlsId: number;
  status: string;
  type: string;
  lat: number | null;
  lng: number | null;
  postalCode: string | null;
  /** Lower case. */
  city: string | null;
  state: string | null;
  county: string | null;
  beds: number | null;
  /** Total bathrooms (2.25 = 2 full + 1 quarter). */
  baths: number | null;
  area: number | null;
  /** listPrice, or the close price when the listing has none (every local listing is a closed sale). */
  price: number | null;
  yearBuilt: number | null;
  listDate: string | null;
  closeDate: string | null;
  modified: string | null;
  /** Text `q` matches against: listing id, street, unit, city, postal code, subdivision, MLS area. */
  searchText: string[];
}

/**
 * A listing in the local server's memory: search fields up front, the listing itself, its JSON and
 * its `q` tokens built on first use, so start-up stays well under a second.
 */
export class IndexedListing {
  #listing: ListingInput | undefined;
  #json: string | undefined;
  #tokens: string[] | undefined;

  constructor(
    readonly fields: SearchFields,
    private readonly build: () => ListingInput,
  ) {}

  get mlsId(): number {
    return this.fields.mlsId;
  }

  get listing(): ListingInput {
    return (this.#listing ??= this.build());
  }

  get json(): string {
    return (this.#json ??= JSON.stringify(this.listing));
  }

  get searchTokens(): string[] {
    return (this.#tokens ??= [...new Set(this.fields.searchText.flatMap(addressTokens))]);
  }
}

function totalBaths(p: NonNullable<ListingInput['property']>): number | null {
  if (typeof p.bathrooms === 'number') return p.bathrooms;
  if (p.bathsFull == null && p.bathsHalf == null && p.bathsThreeQuarter == null) return null;
  return (p.bathsFull ?? 0) + 0.5 * (p.bathsHalf ?? 0) + 0.75 * (p.bathsThreeQuarter ?? 0);
}

/** Search fields read from a listing (any listing in the SimplyRETS shape). */
export function searchFieldsOf(listing: ListingInput): SearchFields {
  const p = listing.property ?? {};
  const a = listing.address ?? {};
  return {
    mlsId: listing.mlsId,
    status: listing.mls?.status ?? 'Active',
    type: p.type ?? 'RES',
    lat: listing.geo?.lat ?? null,
    lng: listing.geo?.lng ?? null,
    postalCode: a.postalCode ?? null,
    city: a.city?.toLowerCase() ?? null,
    state: a.state?.toLowerCase() ?? null,
    county: listing.geo?.county?.toLowerCase() ?? null,
    beds: p.bedrooms ?? null,
    baths: totalBaths(p),
    area: p.area ?? null,
    price: listing.listPrice ?? listing.sales?.closePrice ?? null,
    yearBuilt: p.yearBuilt ?? null,
    listDate: listing.listDate ?? null,
    closeDate: listing.sales?.closeDate ?? null,
    modified: listing.modified ?? null,
    searchText: [listing.listingId, a.full, a.streetNumberText, a.streetName, a.unit, a.city, a.postalCode, p.subdivision, listing.mls?.area].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    ),
  };
}

export function indexListing(listing: ListingInput): IndexedListing {
  return new IndexedListing(searchFieldsOf(listing), () => listing);
}
