/**
 * After a pick: a Google suggestion is resolved to its place details (`GET /v1/addresses/place`),
 * then `GET /v1/properties/lookup` says what the MLS knows about the home.
 */
import { suggestionLabel, withTypedUnit, type Suggestion } from '../lib/address';
import type { Facts } from '../lib/facts';

/** The place details of a Google suggestion (with the typed unit kept), or null when not needed or not available. */
export async function placeDetails(picked: Suggestion, street: string): Promise<{ place: Suggestion; label: string; street: string } | null> {
  if (!picked.placeId || picked.latitude !== null) return null;
  const res = await fetch(`/v1/addresses/place?id=${encodeURIComponent(picked.placeId)}`).catch(() => null);
  if (!res?.ok) return null;
  const place = (await res.json()) as Suggestion;
  const unitStreet = withTypedUnit(street, place.address);
  return { place, label: suggestionLabel(place, unitStreet), street: unitStreet };
}

/** The MLS's facts of the home (a picked place, or an address typed as is), or null when it does not know it (or cannot be reached). */
export async function lookupFacts(place: Suggestion | null, street: string): Promise<Facts | null> {
  const params = new URLSearchParams({ address: place ? suggestionLabel(place, street) : street.trim() });
  if (place?.mlsId) params.set('mlsId', place.mlsId);
  if (place?.postalCode) params.set('postalCode', place.postalCode);
  const res = await fetch(`/v1/properties/lookup?${params}`).catch(() => null);
  const body = res?.ok ? ((await res.json()) as { property: Facts | null }) : null;
  if (!body?.property) return null;
  const { bedrooms, bathrooms, sqftLiving, yearBuilt } = body.property;
  return { bedrooms, bathrooms, sqftLiving, yearBuilt };
}
