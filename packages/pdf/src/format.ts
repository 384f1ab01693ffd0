const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMoney(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : usd0.format(Math.round(n));
}

/** $1,234,567 → "$1.23M", $845,000 → "$845K" (for chart labels). */
export function formatMoneyShort(n: number): string {
  if (Math.abs(n) >= 1_000_000) return `$${(n / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
  if (Math.abs(n) >= 1_000) return `$${Math.round(n / 1_000)}K`;
  return `$${Math.round(n)}`;
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : int.format(Math.round(n));
}

/** County bathrooms in quarters: 2.25 → "2.25", 2 → "2". */
export function formatBaths(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

export function formatPercent(fraction: number | null | undefined, signed = false, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  const s = (fraction * 100).toFixed(digits);
  return `${signed && fraction > 0 ? '+' : ''}${s}%`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-04" (or an ISO timestamp) → "Mar 4, 2025"; read as a calendar date, no time zone shift. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${month} ${Number(m[3])}, ${m[1]}` : isoDate;
}

/** "2025-03" → "Mar ’25". */
export function formatMonthShort(yyyyMm: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(yyyyMm);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${month} \u2019${m[1]!.slice(2)}` : yyyyMm;
}

export function kmToMiles(km: number): number {
  return km * 0.621371;
}

/** "#abc" / "#aabbcc" only; anything else → null. */
export function validHexColor(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^#[0-9a-fA-F]{6}$/.test(v)) return v.toLowerCase();
  if (/^#[0-9a-fA-F]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  return null;
}

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function textColorOn(hex: string): '#ffffff' | '#111827' {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
  return 1.05 / (l + 0.05) >= (l + 0.05) / (0.0177 + 0.05) ? '#ffffff' : '#111827';
}

/** Only absolute https URLs survive; returned normalised, ready to escape. */
export function httpsUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** "+12065550142" → "(206) 555-0142" for North American numbers (as the page shows them); others as given. */
export function formatPhone(p: string): string {
  const m = /^\+?1?[\s.-]*\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})$/.exec(p.trim());
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : p;
}
