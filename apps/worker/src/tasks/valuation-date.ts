import type { Sale } from '@opencma/core';

export const toIsoDate = (d: Date) => d.toISOString().slice(0, 10);

/** When the newest sale the MLS returned is older than this, the market data is stale. */
const STALE_AFTER_DAYS = 180;

/**
 * The date a home is valued at: today, unless the MLS data stops well before today (as the bundled
 * King County sales do, ending March 2015) — then the day after the newest sale, so the estimate is
 * honest about what it is based on instead of extrapolating years of trend.
 */
export function valuationDateFor(today: string, sales: Pick<Sale, 'closeDate'>[]): string {
  let newest: string | null = null;
  for (const s of sales) if (s.closeDate < today && (!newest || s.closeDate > newest)) newest = s.closeDate;
  if (!newest) return today;
  const ageDays = (Date.parse(today) - Date.parse(newest)) / 86_400_000;
  if (ageDays <= STALE_AFTER_DAYS) return today;
  const next = new Date(Date.parse(newest) + 86_400_000);
  return toIsoDate(next);
}
