import { addressTokens } from './address-text';
import type { Listing } from './listing-schema';
import { streetLineOf } from './normalise';

/** The street line of a free-text address ("12211 SE 65th St, Bellevue, WA 98006" → "12211 SE 65th St"). */
export function streetPartOf(address: string): string {
  return (address.split(',')[0] ?? address).trim();
}

/** First token when it is a house number ("12211", "4436-4446", "123B"). */
export function houseNumberOf(address: string): string | null {
  const first = addressTokens(streetPartOf(address))[0];
  return first && /^\d/.test(first) ? first : null;
}

/**
 * How well a listing's street line matches the wanted street line, 0–1: the house numbers must agree,
 * then the share of wanted street tokens found in the listing's. 0 means "not this house".
 */
export function addressMatchScore(wanted: string, listing: Listing): number {
  const street = streetLineOf(listing);
  if (!street) return 0;
  const want = addressTokens(streetPartOf(wanted));
  const have = addressTokens(street);
  const wantNumber = houseNumberOf(wanted);
  if (wantNumber !== null && have[0] !== wantNumber) return 0;
  const rest = want.slice(wantNumber !== null ? 1 : 0);
  if (rest.length === 0) return 0.5;
  const found = rest.filter((t) => have.includes(t)).length;
  const extra = Math.max(0, have.length - 1 - found);
  return found / rest.length - 0.01 * extra;
}
