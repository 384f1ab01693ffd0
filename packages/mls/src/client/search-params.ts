import { formatPoint, type LatLng } from '../geo';
import type { ListingStatus } from '../listing-schema';

export type PropertyTypeParam =
  | 'residential'
  | 'rental'
  | 'mobilehome'
  | 'condominium'
  | 'multifamily'
  | 'commercial'
  | 'commerciallease'
  | 'land'
  | 'farm';

export type SortParam = 'listprice' | '-listprice' | 'listdate' | '-listdate' | 'closedate' | '-closedate' | 'beds' | '-beds' | 'baths' | '-baths';

/** GET /properties parameters (names as the SimplyRETS spec spells them). */
export interface PropertySearchParams {
  q?: string | string[];
  status?: ListingStatus | ListingStatus[];
  type?: PropertyTypeParam | PropertyTypeParam[];
  /** Polygon vertices; sent as repeated `points=lat,lng`. */
  points?: readonly LatLng[];
  postalCodes?: string[];
  cities?: string[];
  state?: string[];
  counties?: string[];
  neighborhoods?: string[];
  minbeds?: number;
  maxbeds?: number;
  minbaths?: number;
  maxbaths?: number;
  minarea?: number;
  maxarea?: number;
  minprice?: number;
  maxprice?: number;
  minyear?: number;
  maxyear?: number;
  maxdom?: number;
  /** 1–500 (the API's maximum); larger values are clamped. */
  limit?: number;
  offset?: number;
  lastId?: number;
  sort?: SortParam;
  count?: boolean;
  vendor?: string;
  include?: string[];
}

export const MAX_PAGE_SIZE = 500;

/** Builds the query string: arrays as repeated keys (`status=Active&status=Pending`), undefined left out. */
export function toSearchParams(params: PropertySearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [keyof PropertySearchParams, unknown][]) {
    if (value === undefined || value === null) continue;
    if (key === 'points') {
      for (const p of value as readonly LatLng[]) search.append('points', formatPoint(p));
    } else if (key === 'limit') {
      search.append('limit', String(Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(value as number)))));
    } else if (Array.isArray(value)) {
      for (const v of value) search.append(key, String(v));
    } else {
      search.append(key, String(value));
    }
  }
  return search;
}
