/**
 * The market model: gradient-boosted trees over every closed sale of a market, trained strictly on sales
 * before its `asOf` date. They predict log price per square foot (× the home's living area), or log price
 * (MarketOptions.target). Pure: the caller passes the sales and the date; storing the model (a plain JSON
 * object) is the caller's business.
 */
import { dayNumber } from '../dates';
import type { Sale } from '../report-model';
import type { Calibration } from '../calibration';
import { GBT_DEFAULTS, type GbtModel, type GbtParams, predictGbt, trainGbt, trainGbtPausing } from './gbt';
import { MARKET_FEATURES_VERSION, marketFeatureNames, marketFeatures } from './features';
import { compactNeighbourSales, NEIGHBOURS_K, NeighbourIndex, type NeighbourSales } from './neighbours';

/** The trees of a market model and what they need at prediction time. */
export interface MarketTrees extends GbtModel {
  /** MARKET_FEATURES_VERSION the trees were trained with; trees of another version are not used. */
  featuresVersion?: number;
  /** What the trees predict: log price, or log price per sqft (then + log living area). */
  target?: 'logPrice' | 'logPpsf';
  /**
   * With the neighbour features only: the training sales compacted (place, date, log $/sqft), so a stored
   * version computes them by itself, from the same sales in production and in the backtest.
   */
  neighbours?: NeighbourSales;
  /** Nearest earlier sales the neighbour features use. */
  neighbourK?: number;
}

/** Model choices beyond the learner's parameters (measured by backtest: packages/core README, decision 0032). */
export interface MarketOptions {
  target: 'logPrice' | 'logPpsf';
  /** The spatial-lag features (neighbours.ts): measured and off by default (they did not help the trees). */
  neighbours: boolean;
  neighbourK: number;
}
export const MARKET_OPTIONS: MarketOptions = { target: 'logPpsf', neighbours: false, neighbourK: NEIGHBOURS_K };

/** How the estimate combines the comps and the market model (learned by backtest, see blend.ts). */
export interface BlendWeights {
  /** Weight of the comps estimate in log terms; the market model gets 1 − compsWeight. */
  compsWeight: number;
}
export interface ForwardValidation {
  /** YYYY-MM-DD … YYYY-MM-DD: the sales valued, each from strictly earlier sales only. */
  from: string;
  to: string;
  subjects: number;
  /** Median absolute % error (fraction) of the market model alone, the comps alone and the blend. */
  medianAbsErrorModel: number;
  medianAbsErrorComps: number;
  medianAbsErrorBlend: number;
  /** Share of sales inside the calibrated 80% range. */
  coverage: number;
}

/** One stored version of a market's model: the trees plus what was learned about using them. */
export interface MarketModel {
  /** e.g. "king-county@2015-01-01". */
  version: string;
  market: string;
  /** Trained on sales closed strictly before this date (YYYY-MM-DD). */
  asOf: string;
  trainedOn: { sales: number; firstSale: string | null; lastSale: string | null };
  gbt: MarketTrees;
  blend: BlendWeights;
  /** Range and tiers for this market, from its own forward backtest. */
  calibration: Calibration;
  validation: ForwardValidation | null;
}

export interface TrainInput {
  sales: Sale[];
  /** Only sales closed strictly before this date are learned from. */
  asOf: string;
  params?: Partial<GbtParams>;
  options?: Partial<MarketOptions>;
}

/** The sales a model as of `asOf` may learn from: closed strictly before it, with a usable price and place. */
export function trainingSales(sales: Sale[], asOf: string): Sale[] {
  return sales.filter(
    (s) =>
      s.closeDate.slice(0, 10) < asOf &&
      s.closePrice > 0 &&
      Number.isFinite(s.closePrice) &&
      Number.isFinite(s.latitude) &&
      Number.isFinite(s.longitude),
  );
}

/** Trees only (no blend or calibration yet); null when fewer than 200 earlier sales exist. */
export function trainMarketTrees(input: TrainInput): { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null {
  const data = treeData(input);
  return data && { gbt: { ...trainGbt(data.X, data.y, data.featureNames, data.params), ...data.extra }, trainedOn: data.trainedOn };
}

/** trainMarketTrees (the same trees) awaiting `pause()` every few trees (see trainGbtPausing). */
export async function trainMarketTreesPausing(
  input: TrainInput,
  pause: () => Promise<void>,
): Promise<{ gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null> {
  const data = treeData(input);
  return (
    data && { gbt: { ...(await trainGbtPausing(data.X, data.y, data.featureNames, data.params, pause)), ...data.extra }, trainedOn: data.trainedOn }
  );
}

const hasSqft = (s: { sqftLiving: number | null }) => s.sqftLiving != null && s.sqftLiving > 0;

function treeData(input: TrainInput) {
  const train = trainingSales(input.sales, input.asOf);
  if (train.length < 200) return null;
  const options = { ...MARKET_OPTIONS, ...input.options };
  train.sort((a, b) => (a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perSqft = options.target === 'logPpsf';
  const rows = perSqft ? train.filter(hasSqft) : train;
  const extra: Omit<MarketTrees, keyof GbtModel> = { featuresVersion: MARKET_FEATURES_VERSION, target: options.target };
  let X: number[][];
  if (options.neighbours) {
    const neighbours = compactNeighbourSales(
      train.filter(hasSqft).map((s) => ({
        latitude: s.latitude,
        longitude: s.longitude,
        day: dayNumber(s.closeDate),
        logPpsf: Math.log(s.closePrice / s.sqftLiving!),
        yearBuilt: s.yearBuilt,
      })),
    );
    // Each training sale sees only sales strictly before its own date (never its own home's), as a valuation would.
    const index = new NeighbourIndex(neighbours);
    const k = options.neighbourK;
    X = rows.map((s) => marketFeatures(s, s.closeDate, index.features(s.latitude, s.longitude, dayNumber(s.closeDate), s.yearBuilt, k)));
    Object.assign(extra, { neighbours, neighbourK: k });
  } else {
    X = rows.map((s) => marketFeatures(s, s.closeDate));
  }
  if (rows.length < 200) return null;
  return {
    X,
    y: rows.map((s) => Math.log(s.closePrice) - (perSqft ? Math.log(s.sqftLiving!) : 0)),
    featureNames: marketFeatureNames(options.neighbours),
    params: { ...GBT_DEFAULTS, ...input.params },
    extra,
    trainedOn: { sales: train.length, firstSale: train[0]!.closeDate, lastSale: train[train.length - 1]!.closeDate },
  };
}

/**
 * Whether stored trees can be used by this code: trained with the current feature version and feature
 * list (a version stored before a feature change cannot; the worker then retrains).
 */
export function usableMarketTrees(gbt: MarketTrees): boolean {
  if (gbt.featuresVersion !== MARKET_FEATURES_VERSION) return false;
  const expected = marketFeatureNames(gbt.neighbours != null);
  return gbt.featureNames.length === expected.length && gbt.featureNames.every((f, i) => f === expected[i]);
}

/** Grids of stored models' neighbour sales, built once per model object. */
const indexes = new WeakMap<MarketTrees, NeighbourIndex>();

/**
 * The market model's value (dollars) for a home as of `valuationDate`; null when it cannot say (no place,
 * trees of another feature version, or a per-sqft model and no living area).
 */
export function predictMarketValue(gbt: MarketTrees, home: Parameters<typeof marketFeatures>[0], valuationDate: string): number | null {
  const day = dayNumber(valuationDate);
  if (!Number.isFinite(home.latitude) || !Number.isFinite(home.longitude) || Number.isNaN(day)) return null;
  if (!usableMarketTrees(gbt)) return null;
  const perSqft = gbt.target === 'logPpsf';
  if (perSqft && !hasSqft(home)) return null;
  let nbr = null;
  if (gbt.neighbours) {
    let index = indexes.get(gbt);
    if (!index) {
      index = new NeighbourIndex(gbt.neighbours);
      indexes.set(gbt, index);
    }
    nbr = index.features(home.latitude, home.longitude, day, home.yearBuilt, gbt.neighbourK ?? NEIGHBOURS_K);
  }
  const v = Math.exp(predictGbt(gbt, marketFeatures(home, valuationDate, nbr)) + (perSqft ? Math.log(home.sqftLiving!) : 0));
  return Number.isFinite(v) ? v : null;
}
