/** A one-line address split into Follow Up Boss's property/address fields. */
export interface AddressParts {
  street: string;
  city?: string;
  state?: string;
  code?: string;
}

const COUNTRIES = new Set(['usa', 'us', 'united states', 'united states of america', 'canada', 'ca']);
const STATE_CODE = /^([A-Za-z]{2})\s+(\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$/;
const STATE_ONLY = /^[A-Za-z]{2}$/;

/**
 * "1156 N 93rd St, Seattle, WA 98103" (as the MLS and Google Places write it, optionally with a unit
 * part and a trailing country) → street, city, state, postal code. What cannot be read stays in `street`,
 * so nothing of the address is lost.
 */
export function splitAddress(oneLine: string): AddressParts {
  const parts = oneLine
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 1 && COUNTRIES.has(parts.at(-1)!.toLowerCase())) parts.pop();
  if (parts.length < 3) return { street: oneLine.trim() };
  const last = parts.at(-1)!;
  const city = parts.at(-2)!;
  const street = parts.slice(0, -2).join(', ');
  const withCode = STATE_CODE.exec(last);
  if (withCode) return { street, city, state: withCode[1]!.toUpperCase(), code: withCode[2]!.toUpperCase() };
  if (STATE_ONLY.test(last)) return { street, city, state: last.toUpperCase() };
  return { street: oneLine.trim() };
}
