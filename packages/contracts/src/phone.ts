import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string; country: string } | { ok: false; message: string };

/**
 * Parses what a person typed into an E.164 mobile-capable number in one of the allowed countries.
 * National numbers are read as the first allowed country's (US by default).
 */
export function normalizeConsumerPhone(input: string, allowedCountries: string[]): PhoneCheck {
  const defaultCountry = (allowedCountries[0] ?? 'US') as CountryCode;
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed?.isValid()) return { ok: false, message: 'Enter a valid mobile phone number.' };
  const country = parsed.country ?? '';
  if (!allowedCountries.includes(country)) {
    return { ok: false, message: `Phone numbers from ${country || 'that country'} are not supported here.` };
  }
  const type = parsed.getType();
  if (type === 'FIXED_LINE' || type === 'TOLL_FREE' || type === 'PREMIUM_RATE' || type === 'SHARED_COST') {
    return { ok: false, message: 'Enter a mobile number that can receive text messages.' };
  }
  return { ok: true, e164: parsed.number, country };
}

/** For logs: keeps the last two digits only. */
export function maskPhone(e164: string): string {
  return e164.length > 4 ? `${e164.slice(0, 2)}…${e164.slice(-2)}` : '…';
}

/** For people: "(201) 555-0123" for a number of the default country, "+44 7700 900123" otherwise. */
export function formatPhone(e164: string, homeCountry = 'US'): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === homeCountry ? parsed.formatNational() : parsed.formatInternational();
}
