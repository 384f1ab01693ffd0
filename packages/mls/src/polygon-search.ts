import type { Sale } from '@opencma/core';
import type { SimplyRetsClient } from './client/simplyrets-client';
import type { LatLng } from './geo';
import type { Listing } from './listing-schema';
import { isoDateOf, listingToSale } from './normalise';

function assertPolygon(polygon: readonly LatLng[]): void {
  if (polygon.length < 3) throw new RangeError(`A polygon needs at least 3 points, got ${polygon.length}`);
}

/** Every Closed listing inside the polygon (all pages), as sales; close-date filtering is the caller's. */
export async function fetchClosedSalesInPolygon(client: SimplyRetsClient, polygon: readonly LatLng[]): Promise<Sale[]> {
  assertPolygon(polygon);
  const listings = await client.searchAll({ status: 'Closed', points: polygon });
  return listings.map(listingToSale).filter((s): s is Sale => s !== null);
}

/**
 * Every Closed listing the MLS holds, as sales: SimplyRETS pages through them with the `lastId` cursor
 * (searchAll), as the local server does. For training the market model.
 */
export async function fetchAllClosedSales(client: SimplyRetsClient): Promise<Sale[]> {
  const listings = await client.searchAll({ status: 'Closed', lastId: 0 });
  return listings.map(listingToSale).filter((s): s is Sale => s !== null);
}

/**
 * How many Closed listings are inside the polygon (X-Total-Count of a one-listing page), in one small
 * request; null when the server does not send the count. Lets the comp search skip downloading areas
 * that cannot hold enough sales.
 */
export async function countClosedSalesInPolygon(client: SimplyRetsClient, polygon: readonly LatLng[]): Promise<number | null> {
  assertPolygon(polygon);
  const page = await client.search({ status: 'Closed', points: polygon, limit: 1, count: true });
  return page.totalCount;
}

/** Every Active listing inside the polygon (all pages), for market statistics. [] on sold-only data. */
export async function fetchActiveListingsInPolygon(client: SimplyRetsClient, polygon: readonly LatLng[]): Promise<Listing[]> {
  assertPolygon(polygon);
  return client.searchAll({ status: 'Active', points: polygon });
}

/**
 * The newest close date (YYYY-MM-DD) of any Closed listing inside the polygon, in one request; null
 * when there is none. Tells the worker how current the MLS data is before it searches for comps.
 */
export async function fetchNewestCloseDateInPolygon(client: SimplyRetsClient, polygon: readonly LatLng[]): Promise<string | null> {
  assertPolygon(polygon);
  const page = await client.search({ status: 'Closed', points: polygon, sort: '-closedate', limit: 1 });
  return isoDateOf(page.listings[0]?.sales?.closeDate);
}
