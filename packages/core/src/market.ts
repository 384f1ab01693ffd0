import type { MarketStats, MonthlyMarketPoint, PriceBucket, Sale } from './report-model';
import { addMonths, dayNumber, monthOf } from './dates';
import { median } from './stats';

export interface MarketStatsInput {
  sales: Sale[];
  /** YYYY-MM-DD; sales closed on or before this date count. */
  valuationDate: string;
  areaLabel: string;
  /** The market area's radius in miles when it is a fixed circle (MARKET_RADIUS_MILES). */
  radiusMiles?: number;
  activeListings?: { listPrice: number | null; daysOnMarket: number | null }[];
}

/**
 * The market area of every report: a fixed circle around the home, the same for every report so two
 * homes' market sections compare (never the comp search's radius, which widens where sales are few).
 */
export const MARKET_RADIUS_MILES = 1;
export const MARKET_RADIUS_KM = MARKET_RADIUS_MILES * 1.609344;

/** Minimum sales (with living area) in each 3-month end of the window for the 12-month trend. */
const MIN_SALES_FOR_TREND = 8;

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

  // The valuation month counts as complete only when the valuation date is its last day.
  const lastComplete = addMonths(monthOf(input.valuationDate), 1) === monthOf(dayAfter(input.valuationDate));
  const monthly: MonthlyMarketPoint[] = [];
  for (let i = 0; i < 12; i++) {
    const month = addMonths(firstMonth, i);
    const inMonth = window.filter((s) => monthOf(s.closeDate) === month);
    monthly.push({
      month,
      sales: inMonth.length,
      medianPrice: roundOrNull(median(inMonth.map((s) => s.closePrice)), 0),
      medianPricePerSqft: roundOrNull(median(ppsf(inMonth)), 2),
      complete: i < 11 || lastComplete,
    });
  }
  const complete = monthly.filter((m) => m.complete).map((m) => m.month);
  const earliest = new Set(complete.slice(0, 3));
  const latest = new Set(complete.slice(-3));
  const startPpsf = ppsf(window.filter((s) => earliest.has(monthOf(s.closeDate))));
  const endPpsf = ppsf(window.filter((s) => latest.has(monthOf(s.closeDate))));
  const priceTrend12m =
    complete.length >= 9 && startPpsf.length >= MIN_SALES_FOR_TREND && endPpsf.length >= MIN_SALES_FOR_TREND
      ? Math.round((median(endPpsf)! / median(startPpsf)! - 1) * 10_000) / 10_000
      : null;

  const currentPpsf = ppsf(window);
  const priorPpsf = ppsf(prior);
  const priorMonths = new Set(prior.map((s) => monthOf(s.closeDate))).size;
  let priceChangeYoY: number | null = null;
  if (currentPpsf.length >= MIN_SALES_FOR_YOY && priorPpsf.length >= MIN_SALES_FOR_YOY && priorMonths >= MIN_MONTHS_FOR_YOY) {
    const a = median(currentPpsf)!;
    const b = median(priorPpsf)!;
    priceChangeYoY = b > 0 ? Math.round((a / b - 1) * 10_000) / 10_000 : null;
  }

  // Days on market of the sales themselves when the MLS gives them; else of the active listings.
  const soldDom = window.map((s) => s.daysOnMarket).filter(isDays);
  let activeListings: number | null = null;
  let medianDaysOnMarket: number | null = roundOrNull(median(soldDom), 0);
  if (input.activeListings) {
    activeListings = input.activeListings.length;
    const dom = input.activeListings.map((l) => l.daysOnMarket).filter(isDays);
    medianDaysOnMarket ??= roundOrNull(median(dom), 0);
  }
  const saleToList = window.filter((s) => s.listPrice != null && s.listPrice > 0).map((s) => s.closePrice / s.listPrice!);
  const sqft = window.map((s) => s.sqftLiving).filter((x): x is number => x != null && x > 0);

  return {
    areaLabel: input.areaLabel,
    radiusMiles: input.radiusMiles ?? null,
    asOf: input.valuationDate,
    salesCount: window.length,
    medianPrice: roundOrNull(median(window.map((s) => s.closePrice)), 0),
    medianPricePerSqft: roundOrNull(median(currentPpsf), 2),
    priceChangeYoY,
    monthly,
    priceDistribution: priceBuckets(window.map((s) => s.closePrice)),
    activeListings,
    medianDaysOnMarket,
    medianSaleToList: roundOrNull(median(saleToList), 4),
    medianSqftLiving: roundOrNull(median(sqft), 0),
    priceTrend12m,
  };
}

const isDays = (d: number | null | undefined): d is number => d != null && Number.isFinite(d) && d >= 0;

function dayAfter(date: string): string {
  return new Date((dayNumber(date) + 1) * 86_400_000).toISOString().slice(0, 10);
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
