import type { SimplyRetsClient } from './client/simplyrets-client';
import { LISTING_STATUSES } from './listing-schema';
import { normaliseAddress } from './address-text';
import { streetLineOf } from './normalise';
import { houseNumberAndStreet, interpolateOnStreet } from './street-geocode';

export interface AddressSuggestion {
  /** Street line, e.g. "12211 SE 65th St". */
  address: string;
  city: string | null;
  postalCode: string | null;
  latitude: number;
  longitude: number;
  /** null: a house the MLS has no listing for, located between its neighbours (street-geocode.ts). */
  mlsId: string | null;
}

/**
 * Address autocomplete from the MLS (`q`, any status); one suggestion per street address + ZIP. A typed
 * house number the MLS has no listing for, on a street it knows, is suggested too, located between its
 * neighbours (a geocoding stand-in), so the home can still be valued from the sales around it.
 */
export async function suggestAddresses(client: SimplyRetsClient, query: string, limit = 8): Promise<AddressSuggestion[]> {
  const q = query.trim();
  if (q.length < 2 || limit <= 0) return [];
  const found = await knownAddresses(client, q, limit);
  const typed = houseNumberAndStreet(q);
  if (!typed || found.some((s) => houseNumberAndStreet(s.address)?.number === typed.number)) return found;
  const street = q.split(',')[0]!.replace(/^\s*\d+\s+/, '');
  const located = interpolateOnStreet(q, await knownAddresses(client, street, 100));
  return located ? [{ ...located, mlsId: null }, ...found].slice(0, limit) : found;
}

async function knownAddresses(client: SimplyRetsClient, q: string, limit: number): Promise<AddressSuggestion[]> {
  // Newest first, so a repeat sale suggests the latest listing of the house.
  const { listings } = await client.search({ q, status: [...LISTING_STATUSES], sort: '-closedate', limit: Math.min(500, limit * 5) });
  const seen = new Set<string>();
  const out: AddressSuggestion[] = [];
  for (const listing of listings) {
    const address = streetLineOf(listing);
    const lat = listing.geo?.lat;
    const lng = listing.geo?.lng;
    if (!address || lat == null || lng == null) continue;
    const postalCode = listing.address?.postalCode ?? null;
    const key = `${normaliseAddress(address)}|${postalCode ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ address, city: listing.address?.city ?? null, postalCode, latitude: lat, longitude: lng, mlsId: String(listing.mlsId) });
    if (out.length >= limit) break;
  }
  return out;
}
