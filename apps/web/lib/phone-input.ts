/**
 * Phone formatting as typed and validation in the browser: libphonenumber-js/core with the "min"
 * metadata of the allowed countries only (lib/phone-metadata.ts, passed in by the page). The code is
 * loaded on demand (first focus of the phone field), so it is not part of the landing page's
 * first-load JavaScript; the API validates for real (full metadata, mobile check).
 */
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';

type Core = typeof import('libphonenumber-js/core');
export interface PhoneLib {
  core: Core;
  metadata: MetadataJson;
}
let core: Promise<Core> | null = null;

export async function loadPhoneLib(metadata: MetadataJson): Promise<PhoneLib> {
  core ??= import('libphonenumber-js/core');
  return { core: await core, metadata };
}

/** Formats what was typed, e.g. "2015550123" → "(201) 555-0123". Deleting is left alone, so a person can remove a bracket. */
export function formatAsTyped(L: PhoneLib, next: string, previous: string, allowed: string[]): string {
  if (next.length < previous.length) return next;
  if (/[^\d\s().+-]/.test(next)) return next;
  return new L.core.AsYouType((allowed[0] ?? 'US') as CountryCode, L.metadata).input(next);
}

/** A sentence for the person, or null when the number is a valid one from an allowed country. */
export function phoneProblemWith(L: PhoneLib, raw: string, allowed: string[]): string | null {
  const v = raw.trim();
  if (!v) return 'Enter your mobile phone number.';
  if (/[^\d\s().+-]/.test(v)) return 'Use digits only, for example (206) 555-0123.';
  const parsed = L.core.parsePhoneNumberFromString(v, (allowed[0] ?? 'US') as CountryCode, L.metadata);
  // an international number whose country code we carry no metadata for is from a country we do not serve
  const foreign = v.startsWith('+') && !parsed?.country;
  if (foreign) return `Only ${countryNames(allowed)} numbers are supported.`;
  if (!parsed?.isValid()) return 'That doesn’t look like a valid mobile number. Check the digits.';
  if (!parsed.country || !allowed.includes(parsed.country)) return `Only ${countryNames(allowed)} numbers are supported.`;
  return null;
}

const NAMES: Record<string, string> = { US: 'US', CA: 'Canadian' };
function countryNames(codes: string[]): string {
  const names = codes.map((c) => NAMES[c] ?? c);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
