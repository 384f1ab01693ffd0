import type { PropertyFacts, Sale, Subject } from '@opencma/core';
import type { Listing } from './listing-schema';

/**
 * Pure mapping from SimplyRETS listings to the report model. Standard Listing fields first;
 * county-record extras (`assessor`, sent by the local King County server) fill what an MLS lacks.
 */

const VIEW_WORDS: Record<string, number> = { none: 0, fair: 1, average: 2, good: 3, excellent: 4 };

function toNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Total bathrooms in quarters: `bathrooms` when numeric, else full + ½·half + ¾·three-quarter. */
export function bathroomsOf(property: Listing['property']): number | null {
  if (!property) return null;
  const total = toNumber(property.bathrooms);
  if (total !== null) return total;
  const { bathsFull, bathsHalf, bathsThreeQuarter } = property;
  if (bathsFull == null && bathsHalf == null && bathsThreeQuarter == null) return null;
  return (bathsFull ?? 0) + 0.5 * (bathsHalf ?? 0) + 0.75 * (bathsThreeQuarter ?? 0);
}

/** Lot size in square feet from lotSizeArea (+ units) or acres. */
export function lotSqftOf(property: Listing['property']): number | null {
  if (!property) return null;
  const area = property.lotSizeArea ?? null;
  if (area !== null) {
    const units = (property.lotSizeAreaUnits ?? '').toLowerCase();
    if (units === '' || /sq.*f|square f|sqft/.test(units)) return Math.round(area);
    if (/acre/.test(units)) return Math.round(area * 43_560);
    if (/sq.*m|square m/.test(units)) return Math.round(area * 10.7639);
  }
  const acres = property.acres ?? null;
  return acres !== null ? Math.round(acres * 43_560) : null;
}

function viewOf(listing: Listing): number | null {
  const county = listing.assessor?.view;
  if (county != null) return county;
  const text = listing.property?.view?.trim().toLowerCase();
  return text ? (VIEW_WORDS[text] ?? null) : null;
}

function waterfrontOf(listing: Listing): boolean | null {
  const county = listing.assessor?.waterfront;
  if (county != null) return county;
  const water = listing.property?.water?.trim();
  return water ? true : null;
}

export function listingToFacts(listing: Listing): PropertyFacts {
  const p = listing.property ?? null;
  return {
    bedrooms: p?.bedrooms ?? null,
    bathrooms: bathroomsOf(p),
    sqftLiving: p?.area ?? null,
    sqftLot: lotSqftOf(p),
    yearBuilt: p?.yearBuilt ?? null,
    floors: p?.stories ?? null,
    grade: listing.assessor?.grade ?? null,
    condition: listing.assessor?.condition ?? null,
    view: viewOf(listing),
    waterfront: waterfrontOf(listing),
    yearRenovated: listing.assessor?.yearRenovated ?? null,
  };
}

/** Street line: `address.full`, else number + name + unit; null when there is no street. */
export function streetLineOf(listing: Listing): string | null {
  const a = listing.address;
  if (!a) return null;
  if (a.full?.trim()) return a.full.trim();
  const parts = [a.streetNumberText ?? (a.streetNumber != null ? String(a.streetNumber) : null), a.streetName, a.unit ? `#${a.unit}` : null];
  const line = parts.filter((s): s is string => !!s && s.trim() !== '').join(' ');
  return a.streetName ? line : null;
}

/** "12211 SE 65th St, Bellevue, WA 98006"; null when there is no street. */
export function oneLineAddressOf(listing: Listing): string | null {
  const street = streetLineOf(listing);
  if (!street) return null;
  const a = listing.address!;
  const stateZip = [a.state, a.postalCode].filter(Boolean).join(' ');
  return [street, a.city, stateZip].filter((s) => !!s && s.trim() !== '').join(', ');
}

/** YYYY-MM-DD from an ISO timestamp or date, as written (no time-zone shift); null when unreadable. */
export function isoDateOf(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m ? m[1]! : null;
}

function locationOf(listing: Listing): { latitude: number; longitude: number } | null {
  const lat = listing.geo?.lat;
  const lng = listing.geo?.lng;
  if (lat == null || lng == null || !Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (lat === 0 && lng === 0) return null;
  return { latitude: lat, longitude: lng };
}

/** A closed listing as a comparable sale; null without close price, close date or coordinates. */
export function listingToSale(listing: Listing): Sale | null {
  const closePrice = listing.sales?.closePrice ?? null;
  const closeDate = isoDateOf(listing.sales?.closeDate);
  const location = locationOf(listing);
  if (closePrice === null || closePrice <= 0 || closeDate === null || location === null) return null;
  return {
    id: String(listing.mlsId),
    address: streetLineOf(listing),
    city: listing.address?.city ?? null,
    closePrice,
    closeDate,
    photoUrl: listing.photos?.[0] ?? null,
    postalCode: listing.address?.postalCode ?? null,
    ...location,
    ...listingToFacts(listing),
    // for the market's sale-to-list and days on market, when the feed has them (the bundled county sales do not)
    ...(listing.listPrice != null && listing.listPrice > 0 ? { listPrice: listing.listPrice } : {}),
    ...(listing.mls?.daysOnMarket != null && listing.mls.daysOnMarket >= 0 ? { daysOnMarket: listing.mls.daysOnMarket } : {}),
  };
}

/** A listing as the consumer's home; null without coordinates or a street address. */
export function listingToSubject(listing: Listing): Subject | null {
  const location = locationOf(listing);
  const address = oneLineAddressOf(listing);
  if (location === null || address === null) return null;
  return {
    address,
    mlsId: String(listing.mlsId),
    postalCode: listing.address?.postalCode ?? null,
    ...location,
    ...listingToFacts(listing),
  };
}
