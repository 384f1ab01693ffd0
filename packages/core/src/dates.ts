/** Pure date helpers on YYYY-MM-DD strings (UTC, no clock). */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD date; NaN when malformed. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return Number.NaN;
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** YYYY-MM of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The YYYY-MM month `offset` months after `month` (negative for before). */
export function addMonths(month: string, offset: number): string {
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7)) - 1 + offset;
  const yy = y + Math.floor(mo / 12);
  const mm = ((mo % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

export function isIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && Number.isFinite(dayNumber(date));
}

/** The YYYY-MM-DD date of a day number (inverse of dayNumber). */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before a YYYY-MM-DD date (1970-01-01 was a Thursday). */
export function weekStart(date: string): string {
  const d = dayNumber(date);
  return dateOfDay(d - ((((d - 4) % 7) + 7) % 7));
}
