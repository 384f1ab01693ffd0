/**
 * Agent/brokerage branding is data typed by customers: everything here is validated before it
 * reaches CSS or an attribute, on the page, in the PDF and in e-mails. Pure functions, no I/O.
 */

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A #rgb / #rrggbb colour as lower-case #rrggbb, or null when the value is anything else. */
export function safeColor(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (!HEX.test(v)) return null;
  return v.length === 4 ? `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}` : v;
}

function channels(color: string): [number, number, number] {
  const hex = safeColor(color) ?? '#000000';
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG relative luminance of a #rgb / #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

export const INK = '#111827';
export const WHITE = '#ffffff';
export const DEFAULT_BRAND = '#1d4ed8';

/** Text colour (white or near-black) that reads best on the given background. */
export function inkOn(bg: string): string {
  return contrastRatio(bg, WHITE) >= contrastRatio(bg, INK) ? WHITE : INK;
}

/**
 * Image URL safe to put in <img src>: https anywhere, a same-origin path, or plain http only on
 * localhost (the demo). Everything else (javascript:, data:, http to other hosts, //host) → null.
 */
export function safeImageUrl(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (!v || v.length > 2048) return null;
  if (v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\')) return v;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return url.href;
  return null;
}

/**
 * Image URL for a document read away from our site (the PDF, an e-mail): absolute https only, since
 * a path has no origin there and the PDF renderer loads nothing else.
 */
export function httpsImageUrl(value: string | null | undefined): string | null {
  const url = safeImageUrl(value);
  return url?.startsWith('https://') ? url : null;
}

export interface BrandStyle {
  '--brand': string;
  '--brand-ink': string;
  '--accent': string;
}

/**
 * CSS custom properties for a brand. The primary colour is used as a background with a computed
 * text colour, so any valid colour stays readable (WCAG AA needs 4.5:1; we pick the better of
 * white/ink and fall back to the default brand when neither reaches 4.5).
 */
export function brandStyle(primary: string | null | undefined, secondary?: string | null): BrandStyle {
  let brand = safeColor(primary) ?? DEFAULT_BRAND;
  // unreadable with either text colour, or so pale it vanishes on white cards → default
  if (contrastRatio(brand, inkOn(brand)) < 4.5 || luminance(brand) > 0.85) brand = DEFAULT_BRAND;
  const accentRaw = safeColor(secondary);
  // the accent is used for text/lines on white: only keep it when it reads on white
  const readable = (c: string | null): c is string => !!c && contrastRatio(c, WHITE) >= 4.5;
  const accent = readable(accentRaw) ? accentRaw : readable(brand) ? brand : DEFAULT_BRAND;
  return { '--brand': brand, '--brand-ink': inkOn(brand), '--accent': accent };
}

/** Link target with the same rules as images (https, same-origin path, or localhost for the demo). */
export const safeLinkUrl = safeImageUrl;
