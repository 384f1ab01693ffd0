/** Display formatting for the report; deterministic (UTC, en-US). */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function money(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? usd.format(n) : '—';
}

/** $1.2M / $850K style, for chart labels and tight spaces. */
export function moneyShort(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a >= 1_000_000) return `$${(n / 1_000_000).toFixed(a >= 10_000_000 ? 0 : 2).replace(/\.?0+$/, '')}M`;
  if (a >= 10_000) return `$${Math.round(n / 1000)}K`;
  return usd.format(n);
}

export function number(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? int.format(n) : '—';
}

/** Signed amount for adjustments: "+$12,000" / "−$3,500". */
export function signedMoney(n: number): string {
  if (n === 0) return '$0';
  return `${n > 0 ? '+' : '−'}${usd.format(Math.abs(n))}`;
}

export function percent(fraction: number | null | undefined, digits = 1): string {
  if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p).toFixed(digits)}%`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-04" → "Mar 4, 2025"; anything unparseable is returned as given. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return m[3] ? `${month} ${Number(m[3])}, ${m[1]}` : `${month} ${m[1]}`;
}

/** "2025-03" → "Mar" (short axis label) */
export function monthShort(yyyymm: string): string {
  const m = /^\d{4}-(\d{2})/.exec(yyyymm);
  return (m && MONTHS[Number(m[1]) - 1]) ?? yyyymm;
}

export function km(distanceKm: number): string {
  const miles = distanceKm * 0.621371;
  return `${miles < 10 ? miles.toFixed(1) : Math.round(miles)} mi`;
}

/** Bathrooms counted in quarters: 2.25 → "2.25"; 2 → "2". */
export function baths(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

/** "About 8 in 10" from a coverage fraction like 0.8. */
export function coverageWords(coverage: number): string {
  const tenths = Math.min(10, Math.max(1, Math.round(coverage * 10)));
  return `about ${tenths} in 10`;
}

/** "+12065550142" → "(206) 555-0142" for North American numbers; other formats shown as given. */
export function phone(p: string): string {
  const m = /^\+?1?[\s.-]*\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})$/.exec(p.trim());
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : p;
}
