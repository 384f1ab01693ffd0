/** Address helpers for the landing page's autocomplete. */

/** A unit designator as people type it: "#4", "Apt 4B", "Unit 12", "Ste 200". */
const UNIT = /(?:^|[\s,])((?:#|apt\.?|apartment|unit|ste\.?|suite|fl\.?|floor|rm\.?|room)\s*#?\s*[a-z0-9-]+)\s*$/i;

/** The unit part of a typed street line, or null. */
export function unitOf(typed: string): string | null {
  const street = typed.split(',')[0] ?? '';
  const m = UNIT.exec(street.trim());
  return m ? m[1]!.replace(/\s+/g, ' ').trim() : null;
}

/** What to search for: the typed text without its unit (suggestion sources know buildings, not units). */
export function withoutUnit(typed: string): string {
  const [street = '', ...rest] = typed.split(',');
  const m = UNIT.exec(street.trim());
  const bare = m ? street.trim().slice(0, m.index).trim() : street;
  return [bare, ...rest].join(',');
}

/**
 * The street line to keep when a suggestion is picked: suggestions name buildings ("1156 N 93rd St"),
 * so a unit the person typed ("1156 N 93rd St Apt 4") is kept rather than dropped.
 */
export function withTypedUnit(typed: string, picked: string): string {
  const unit = unitOf(typed);
  if (!unit || unitOf(picked)) return picked;
  return `${picked} ${unit}`;
}

export interface SuggestionLike {
  address: string;
  city: string | null;
  postalCode: string | null;
}

/** One address suggestion as `GET /v1/addresses` and `GET /v1/addresses/place` answer it. */
export interface Suggestion extends SuggestionLike {
  latitude: number | null;
  longitude: number | null;
  mlsId: string | null;
  placeId?: string | null;
}

export function suggestionLabel(s: SuggestionLike, street = s.address): string {
  return [street, s.city].filter(Boolean).join(', ') + (s.postalCode ? ` ${s.postalCode}` : '');
}
