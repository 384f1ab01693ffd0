import type { MarketStats, MonthlyMarketPoint, PriceBucket, Sale } from './report-model';
import { addMonths, dayNumber, monthOf } from './dates';
import { median } from './stats';

export interface MarketStatsInput {
  sales: Sale[];
  /** YYYY-MM-DD; sales closed on or before this date count. */
  valuationDate: string;
  areaLabel: string;
  activeListings?: { listPrice: number | null; daysOnMarket: number | null }[];
}

/** Minimum sales (with living area) in each 12-month window for a year-over-year change. */
const MIN_SALES_FOR_YOY = 10;
/** The earlier window must have sales in at least this many of its 12 months (else it is partial). */
const MIN_MONTHS_FOR_YOY = 9;

/**
 * Sold-side market statistics for the 12 calendar months ending with the valuation date's month
 * (sales closed on or before the valuation date), plus active listings when the MLS provides them.
 */
export function computeMarketStats(input: MarketStatsInput): MarketStats {
  const asOfDay = dayNumber(input.valuationDate);
  const lastMonth = monthOf(input.valuationDate);
  const firstMonth = addMonths(lastMonth, -11);
  const priorFirst = addMonths(lastMonth, -23);
  const priorLast = addMonths(lastMonth, -12);

  const valid = input.sales.filter((s) => s.closePrice > 0 && Number.isFinite(s.closePrice) && dayNumber(s.closeDate) <= asOfDay);
  const window = valid.filter((s) => monthOf(s.closeDate) >= firstMonth && monthOf(s.closeDate) <= lastMonth);
  const prior = valid.filter((s) => monthOf(s.closeDate) >= priorFirst && monthOf(s.closeDate) <= priorLast);

  const monthly: MonthlyMarketPoint[] = [];
  for (let i = 0; i < 12; i++) {
    const month = addMonths(firstMonth, i);
    const inMonth = window.filter((s) => monthOf(s.closeDate) === month);
    monthly.push({
      month,
      sales: inMonth.length,
      medianPrice: roundOrNull(median(inMonth.map((s) => s.closePrice)), 0),
      medianPricePerSqft: roundOrNull(median(ppsf(inMonth)), 2),
    });
  }

  const currentPpsf = ppsf(window);
  const priorPpsf = ppsf(prior);
  const priorMonths = new Set(prior.map((s) => monthOf(s.closeDate))).size;
  let priceChangeYoY: number | null = null;
  if (currentPpsf.length >= MIN_SALES_FOR_YOY && priorPpsf.length >= MIN_SALES_FOR_YOY && priorMonths >= MIN_MONTHS_FOR_YOY) {
    const a = median(currentPpsf)!;
    const b = median(priorPpsf)!;
    priceChangeYoY = b > 0 ? Math.round((a / b - 1) * 10_000) / 10_000 : null;
  }

  let activeListings: number | null = null;
  let medianDaysOnMarket: number | null = null;
  if (input.activeListings) {
    activeListings = input.activeListings.length;
    const dom = input.activeListings.map((l) => l.daysOnMarket).filter((d): d is number => d != null && Number.isFinite(d) && d >= 0);
    medianDaysOnMarket = roundOrNull(median(dom), 0);
  }

  return {
    areaLabel: input.areaLabel,
    asOf: input.valuationDate,
    salesCount: window.length,
    medianPrice: roundOrNull(median(window.map((s) => s.closePrice)), 0),
    medianPricePerSqft: roundOrNull(median(currentPpsf), 2),
    priceChangeYoY,
    monthly,
    priceDistribution: priceBuckets(window.map((s) => s.closePrice)),
    activeListings,
    medianDaysOnMarket,
  };
}

function ppsf(sales: Sale[]): number[] {
  return sales.filter((s) => s.sqftLiving != null && s.sqftLiving > 0).map((s) => s.closePrice / s.sqftLiving!);
}

function roundOrNull(x: number | null, digits: number): number | null {
  if (x == null) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const NICE_STEPS = [10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000];

/**
 * Price histogram with round bucket edges, at most ~10 buckets. The 2nd–98th percentile range sets the
 * step; the first and last buckets are widened to take in the outliers (their min/max say so).
 */
export function priceBuckets(prices: number[], maxBuckets = 10): PriceBucket[] {
  if (prices.length === 0) return [];
  const s = [...prices].sort((a, b) => a - b);
  const lo = s[Math.floor((s.length - 1) * 0.02)]!;
  const hi = s[Math.ceil((s.length - 1) * 0.98)]!;
  const step = NICE_STEPS.find((st) => Math.ceil((hi + 1) / st) - Math.floor(lo / st) <= maxBuckets) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
  const start = Math.floor(lo / step) * step;
  const n = Math.max(1, Math.ceil((hi + 1 - start) / step));
  const buckets: PriceBucket[] = [];
  for (let i = 0; i < n; i++) buckets.push({ min: start + i * step, max: start + (i + 1) * step, count: 0 });
  buckets[0]!.min = Math.min(buckets[0]!.min, s[0]!);
  buckets[n - 1]!.max = Math.max(buckets[n - 1]!.max, s[s.length - 1]! + 1);
  for (const p of s) {
    let i = Math.floor((p - start) / step);
    i = Math.max(0, Math.min(n - 1, i));
    buckets[i]!.count++;
  }
  return buckets;
}
