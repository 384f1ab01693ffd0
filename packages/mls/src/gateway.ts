import type { Sale, Subject } from '@opencma/core';
import type { AddressSuggestion } from './suggest';

export type Polygon = Array<{ lat: number; lng: number }>;

/**
 * What process_consumer_report needs from the MLS (the runtime implements it over the SimplyRETS client).
 * An error it throws with `permanent: true` (the MLS refused the request: bad credentials, a 4xx other
 * than 408/429) is not retried: the report fails at once. Any other error is retried by the queue.
 */
export interface MlsGateway {
  findSubject(query: { address: string; postalCode?: string | null; mlsId?: string | null }): Promise<Subject | null>;
  closedSalesInPolygon(polygon: Polygon): Promise<Sale[]>;
  /** Every closed sale the MLS holds (all pages, `lastId` cursor): what the market model learns from. */
  allClosedSales(): Promise<Sale[]>;
  /**
   * How many closed sales closedSalesInPolygon would return at most (null: unknown). Optional: with it
   * the comp search skips downloading areas too small to be used (same result, less transfer).
   */
  closedSalesCountInPolygon?(polygon: Polygon): Promise<number | null>;
  /** Newest close date (YYYY-MM-DD) of any sale in the polygon; null when none. */
  newestCloseDateInPolygon(polygon: Polygon): Promise<string | null>;
  activeListingsInPolygon(polygon: Polygon): Promise<Array<{ listPrice: number | null; daysOnMarket: number | null }>>;
}

/** Address autocomplete from the MLS (the API uses it when Google Places is not configured). */
export interface MlsAddressSuggestions {
  suggestAddresses(query: string, limit: number): Promise<AddressSuggestion[]>;
}
