/** UTC calendar days of the activity digest (pure). */

const DAY_MS = 24 * 60 * 60_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day before `now`'s, YYYY-MM-DD: the day a digest sent today reports. */
export function previousUtcDay(now: Date): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - DAY_MS).toISOString().slice(0, 10);
}

/** [start, end) of a UTC day; null when `day` is not a real YYYY-MM-DD date. */
export function utcDayBounds(day: string): { from: Date; to: Date } | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (from.toISOString().slice(0, 10) !== day) return null;
  return { from, to: new Date(from.getTime() + DAY_MS) };
}
