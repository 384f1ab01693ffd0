/**
 * A geocoding stand-in from the MLS's own addresses: a house the MLS has no listing for ("1160 N 93rd St")
 * is placed between its neighbours on the same street and ZIP by house number, as street-range geocoders
 * do. Used by the address suggestions when Google Places is not configured, so a home the MLS does not
 * know still gets a location (and an estimate from the sales around it). Pure.
 */
import { addressTokens } from './address-text';

export interface KnownAddress {
  address: string;
  city: string | null;
  postalCode: string | null;
  latitude: number;
  longitude: number;
}

/** "1160 N 93rd St, Seattle" → 1160 and ["n", "93rd", "st"]; null without a leading house number. */
export function houseNumberAndStreet(text: string): { number: number; street: string[] } | null {
  const m = /^\s*(\d{1,6})\s+(.+)$/.exec(text.split(',')[0] ?? '');
  if (!m) return null;
  return { number: Number(m[1]), street: addressTokens(m[2]!) };
}

/** Typed street tokens that name the known street: whole tokens, from its start (a missing suffix is fine). */
function sameStreet(typed: string[], known: string[]): boolean {
  return typed.length >= 2 && typed.length <= known.length && typed.every((t, i) => t === known[i]);
}

/** Neighbours further apart than this many house numbers are not used. */
const MAX_GAP = 400;

/** The typed house located from known addresses on its street, or null when they do not pin it down. */
export function interpolateOnStreet(typed: string, known: KnownAddress[]): KnownAddress | null {
  const want = houseNumberAndStreet(typed);
  if (!want) return null;
  const onStreet = known
    .map((k) => ({ k, parsed: houseNumberAndStreet(k.address) }))
    .filter((x): x is { k: KnownAddress; parsed: { number: number; street: string[] } } => !!x.parsed && sameStreet(want.street, x.parsed.street));
  if (onStreet.length === 0 || onStreet.some((x) => x.parsed.number === want.number)) return null;
  // one street and ZIP: the one of the nearest known house
  const nearest = onStreet.reduce((a, b) => (Math.abs(b.parsed.number - want.number) < Math.abs(a.parsed.number - want.number) ? b : a));
  const same = onStreet.filter((x) => x.k.postalCode === nearest.k.postalCode && x.parsed.street.join(' ') === nearest.parsed.street.join(' '));
  const below = same.filter((x) => x.parsed.number < want.number).sort((a, b) => b.parsed.number - a.parsed.number)[0];
  const above = same.filter((x) => x.parsed.number > want.number).sort((a, b) => a.parsed.number - b.parsed.number)[0];
  const usable = [below, above].filter((x) => x && Math.abs(x.parsed.number - want.number) <= MAX_GAP);
  if (usable.length === 0) return null;
  let latitude = usable[0]!.k.latitude;
  let longitude = usable[0]!.k.longitude;
  if (below && above && usable.length === 2) {
    const t = (want.number - below.parsed.number) / (above.parsed.number - below.parsed.number);
    latitude = below.k.latitude + t * (above.k.latitude - below.k.latitude);
    longitude = below.k.longitude + t * (above.k.longitude - below.k.longitude);
  }
  const streetLine = `${want.number} ${nearest.k.address.replace(/^\s*\d+\s+/, '').split(',')[0]}`;
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { address: streetLine, city: nearest.k.city, postalCode: nearest.k.postalCode, latitude: round(latitude), longitude: round(longitude) };
}
