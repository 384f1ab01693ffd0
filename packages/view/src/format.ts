/**
 * Numbers for people, the same on the report page, in its PDF and in e-mails: deterministic (en-US,
 * no time zone), and "—" for a value that is not known. The one currency formatter of the system.
 */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The minus sign (U+2212) every signed figure uses, never a hyphen. */
const MINUS = '\u2212';

const known = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** Whole dollars: 1042000 → "$1,042,000". */
export function money(n: number | null | undefined): string {
  if (!known(n)) return '—';
  const whole = Math.round(n) || 0; // no "-$0"
  return whole < 0 ? `${MINUS}${usd.format(-whole)}` : usd.format(whole);
}

/** Three significant figures for chart labels and tight spaces: "$1.25M", "$12M", "$865K", "$9,500". */
export function moneyShort(n: number | null | undefined): string {
  if (!known(n)) return '—';
  const sign = n < 0 ? MINUS : '';
  const a = Math.abs(n);
  if (a >= 999_500) {
    const m = a / 1_000_000;
    return `${sign}$${m >= 9.995 ? Math.round(m) : Number(m.toFixed(2))}M`;
  }
  if (a >= 10_000) return `${sign}$${Math.round(a / 1000)}K`;
  return `${sign}${usd.format(Math.round(a))}`;
}

/** A whole number with thousands separators: 1940 → "1,940". */
export function number(n: number | null | undefined): string {
  return known(n) ? int.format(Math.round(n) || 0) : '—';
}

/** Signed amount for adjustments: "+$12,000" / "−$3,500" / "$0". */
export function signedMoney(n: number): string {
  const whole = Math.round(n);
  if (whole === 0) return '$0';
  return `${whole > 0 ? '+' : MINUS}${usd.format(Math.abs(whole))}`;
}

/** A share: 0.19 → "19.0%" (digits 1) or "19%" (digits 0); negative with a real minus sign. */
export function percent(fraction: number | null | undefined, digits = 1): string {
  if (!known(fraction)) return '—';
  const p = Number((fraction * 100).toFixed(digits));
  return `${p < 0 ? MINUS : ''}${Math.abs(p).toFixed(digits)}%`;
}

/** A change: 0.043 → "+4.3%", −0.021 → "−2.1%", 0 → "0.0%". */
export function signedPercent(fraction: number | null | undefined, digits = 1): string {
  if (!known(fraction)) return '—';
  const shown = percent(fraction, digits);
  return Number((fraction * 100).toFixed(digits)) > 0 ? `+${shown}` : shown;
}

/** A distance given in kilometres, in miles: 0.21 → "0.1 mi", 12.4 → "8 mi" (one decimal below 10 mi); "under 0.1 mi", never "0.0 mi". */
export function miles(distanceKm: number): string {
  const mi = distanceKm * 0.621371;
  if (mi < 0.05) return 'under 0.1 mi';
  return `${mi < 9.95 ? mi.toFixed(1) : Math.round(mi)} mi`;
}

/** Bathrooms counted in quarters: 2.25 → "2.25"; 2 → "2". */
export function baths(n: number | null | undefined): string {
  if (!known(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

/** "about 8 in 10" from a coverage fraction like 0.8. */
export function coverageWords(coverage: number): string {
  const tenths = Math.min(10, Math.max(1, Math.round(coverage * 10)));
  return `about ${tenths} in 10`;
}
