/**
 * The one account of a report's numbers (decision 0025): how the estimate is made of its parts, where
 * each comparable sale lies, which adjustments run against intuition, and the market's story — as
 * plain numbers, computed once here from the stored valuation and market statistics. The words are
 * written from these by @opencma/view (report-words.ts), the same for the page, the PDF and e-mails.
 */
import { haversineKm } from './geo';
import type { Adjustment, CompDetail, MarketStats, Sale, Subject, Valuation } from './report-model';

export interface AccountLine {
  kind: 'comp' | 'local-model' | 'market-model';
  /** Index of the comp in the list given (kind 'comp'); null otherwise. */
  compIndex: number | null;
  /** What this part suggests the home is worth (dollars). */
  value: number;
  /** Its exact share of the estimate (all lines sum to 1). */
  share: number;
  /** Its share in whole percent: the lines sum to exactly 100 (largest remainders). */
  percent: number;
}

export interface EstimateAccount {
  estimate: number;
  /** What the comparable sales (with the local price model fitted on them) suggest, and their whole-percent share. */
  comps: { value: number; percent: number };
  /** The market-wide model's part; null when the valuation has none (comps only). */
  marketModel: { value: number; percent: number } | null;
  lines: AccountLine[];
  /** The lines' weighted mean (geometric, as the engine blends) with their exact shares, times the blend's market drift: the estimate to rounding. */
  reproduced: number;
  /** The blend's market drift as a fraction (0.01 = the weighted parts moved up 1%); 0 without a model or on older valuations. */
  marketDrift: number;
}

/** Every line's whole percent from exact shares, summing to 100 (largest remainder; ties to the earlier line). */
export function wholePercents(shares: readonly number[]): number[] {
  const total = shares.reduce((t, s) => t + s, 0);
  if (!(total > 0)) return shares.map(() => 0);
  const exact = shares.map((s) => (s / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((t, x) => t + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return floors;
}

/**
 * The estimate as its parts: each comp's adjusted price with its share, the comps engine's local price
 * model with the rest of the comps part, and the market model with the blend's share. Null without an estimate.
 */
export function estimateAccount(valuation: Valuation | null, comps: readonly CompDetail[] = valuation?.comps ?? []): EstimateAccount | null {
  const est = valuation?.estimate;
  if (!valuation || !est) return null;
  const blend = valuation.blend ?? null;
  const withModel = blend != null && blend.marketModelValue != null && blend.marketModelWeight > 0;
  const modelShare = withModel ? blend.marketModelWeight : 0;
  const compsShare = 1 - modelShare;
  const compsValue = blend?.compsValue ?? est.value;

  const compWeight = comps.reduce((t, c) => t + Math.max(0, c.weight), 0);
  // The comps' weights are their shares of the comps part; the local model carries the remainder.
  const scale = compWeight > 1 ? 1 / compWeight : 1;
  const localShare = Math.max(0, 1 - compWeight * scale);
  const localValue = localShare > 0.0005 ? (valuation.localModelValue ?? derivedLocalValue(compsValue, comps, scale, localShare)) : null;

  const parts: Omit<AccountLine, 'percent'>[] = comps.map((c, i) => ({
    kind: 'comp',
    compIndex: i,
    value: c.adjustedPrice,
    share: compsShare * Math.max(0, c.weight) * scale,
  }));
  if (localValue != null) parts.push({ kind: 'local-model', compIndex: null, value: localValue, share: compsShare * localShare });
  if (withModel) parts.push({ kind: 'market-model', compIndex: null, value: blend.marketModelValue!, share: modelShare });

  const percents = wholePercents(parts.map((p) => p.share));
  const lines = parts.map((p, i) => ({ ...p, percent: percents[i]! }));
  const shareSum = parts.reduce((t, p) => t + p.share, 0);
  // The blend's market drift moves the weighted parts as a whole (absent on older valuations: none).
  const drift = withModel ? Math.log1p(blend.marketDrift ?? 0) : 0;
  const reproduced = Math.exp(parts.reduce((t, p) => t + (p.share / shareSum) * Math.log(p.value), 0) + drift);
  const marketLine = lines.find((l) => l.kind === 'market-model');
  return {
    estimate: est.value,
    comps: { value: compsValue, percent: 100 - (marketLine?.percent ?? 0) },
    marketModel: marketLine ? { value: marketLine.value, percent: marketLine.percent } : null,
    lines,
    reproduced,
    marketDrift: withModel ? (blend.marketDrift ?? 0) : 0,
  };
}

/** For valuations stored before localModelValue: the value that makes the comps part's weighted mean its stated value. */
function derivedLocalValue(compsValue: number, comps: readonly CompDetail[], scale: number, localShare: number): number {
  const compsLog = comps.reduce((t, c) => t + Math.max(0, c.weight) * scale * Math.log(c.adjustedPrice), 0);
  return Math.round(Math.exp((Math.log(compsValue) - compsLog) / localShare));
}

/** Where the comps are, in plain facts: how many, how far the farthest is, and the span of their sale dates. */
export interface CompsBasis {
  count: number;
  farthestKm: number;
  /** YYYY-MM-DD */
  oldestSale: string;
  newestSale: string;
  /** How many of them the MLS shows without a street address. */
  withheldAddresses: number;
}

export function compsBasis(comps: readonly CompDetail[]): CompsBasis | null {
  if (comps.length === 0) return null;
  const dates = comps.map((c) => c.sale.closeDate).sort();
  return {
    count: comps.length,
    farthestKm: Math.max(...comps.map((c) => c.distanceKm)),
    oldestSale: dates[0]!,
    newestSale: dates[dates.length - 1]!,
    withheldAddresses: comps.filter((c) => !c.sale.address).length,
  };
}

const POINTS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type CompassPoint = (typeof POINTS)[number];

/** The direction from the home to a sale, to one of eight compass points (null when at the same spot). */
export function compassPoint(from: { latitude: number; longitude: number }, to: { latitude: number; longitude: number }): CompassPoint | null {
  if (haversineKm(from.latitude, from.longitude, to.latitude, to.longitude) < 0.01) return null;
  const dy = to.latitude - from.latitude;
  const dx = (to.longitude - from.longitude) * Math.cos((from.latitude * Math.PI) / 180);
  const deg = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
  return POINTS[Math.round(deg / 45) % 8]!;
}

/**
 * How the sale compares with the home on an adjustment's factor: +1 when the home has more of it (so the
 * sale's price would naturally be adjusted up), −1 when less, 0 when the same, null when unknown or not a
 * "more is better" factor (time, location).
 */
export function expectedDirection(factor: string, subject: Subject, sale: Sale): 1 | -1 | 0 | null {
  const pair = ((): [number | null, number | null] | null => {
    switch (factor) {
      case 'size':
        return [subject.sqftLiving, sale.sqftLiving];
      case 'lot':
        return [subject.sqftLot, sale.sqftLot];
      case 'bedrooms':
        return [subject.bedrooms, sale.bedrooms];
      case 'bathrooms':
        return [subject.bathrooms, sale.bathrooms];
      case 'age':
        return [subject.yearBuilt, sale.yearBuilt];
      case 'grade':
        return [subject.grade, sale.grade];
      case 'condition':
        return [subject.condition, sale.condition];
      case 'view':
        return [subject.view, sale.view];
      case 'waterfront':
        return [subject.waterfront == null ? null : Number(subject.waterfront), sale.waterfront == null ? null : Number(sale.waterfront)];
      default:
        return null;
    }
  })();
  if (!pair || pair[0] == null || pair[1] == null) return null;
  return pair[0] > pair[1] ? 1 : pair[0] < pair[1] ? -1 : 0;
}

/** True when an adjustment runs against what a reader expects (e.g. a sale with fewer bedrooms adjusted down). */
export function isSurprising(adj: Adjustment, subject: Subject, sale: Sale): boolean {
  const expected = expectedDirection(adj.factor, subject, sale);
  if (expected == null || adj.amount === 0) return false;
  return expected === 0 || Math.sign(adj.amount) !== expected;
}

/** The market section's story as numbers: the trend, the pace and where the home's estimate sits. */
export interface MarketStory {
  salesCount: number;
  /** Change of the median $/sqft over the 12 months shown (or year over year), a fraction; null when too few sales. */
  trend: number | null;
  medianDaysOnMarket: number | null;
  medianSaleToList: number | null;
  medianPrice: number | null;
  /** Where the estimate sits against the area's median sale price, and the main reason; null without both. */
  position: {
    relation: 'below' | 'near' | 'above';
    /** The fact that explains it best: the home's size against the area's median, or its value per sq ft. */
    reason: 'smaller' | 'larger' | 'lower-per-sqft' | 'higher-per-sqft' | 'typical' | null;
    subjectSqft: number | null;
    areaSqft: number | null;
  } | null;
}

/** Estimates within this fraction of the area's median sale price are "near" it. */
const NEAR = 0.1;
/** A size or $/sqft difference smaller than this is not offered as the reason. */
const NOTABLE = 0.07;

export function marketStory(market: MarketStats, estimate: number | null, subject: Subject | null): MarketStory {
  const trend = market.priceTrend12m ?? market.priceChangeYoY ?? null;
  let position: MarketStory['position'] = null;
  if (estimate != null && market.medianPrice != null && market.medianPrice > 0) {
    const gap = Math.log(estimate / market.medianPrice);
    const relation = Math.abs(gap) < Math.log1p(NEAR) ? 'near' : gap < 0 ? 'below' : 'above';
    const subjectSqft = subject?.sqftLiving ?? null;
    const areaSqft = market.medianSqftLiving ?? null;
    let reason: NonNullable<MarketStory['position']>['reason'] = null;
    if (relation === 'near') reason = 'typical';
    else if (subjectSqft && areaSqft && market.medianPricePerSqft) {
      const size = Math.log(subjectSqft / areaSqft);
      const perSqft = Math.log(estimate / subjectSqft / market.medianPricePerSqft);
      // the factor that moves the home's value the same way as the gap, and the most
      const candidates = [
        { reason: size < 0 ? ('smaller' as const) : ('larger' as const), x: size },
        { reason: perSqft < 0 ? ('lower-per-sqft' as const) : ('higher-per-sqft' as const), x: perSqft },
      ].filter((c) => Math.sign(c.x) === Math.sign(gap) && Math.abs(c.x) >= Math.log1p(NOTABLE));
      candidates.sort((a, b) => Math.abs(b.x) - Math.abs(a.x));
      reason = candidates[0]?.reason ?? null;
    }
    position = { relation, reason, subjectSqft, areaSqft };
  }
  return {
    salesCount: market.salesCount,
    trend,
    medianDaysOnMarket: market.medianDaysOnMarket,
    medianSaleToList: market.medianSaleToList ?? null,
    medianPrice: market.medianPrice,
    position,
  };
}
