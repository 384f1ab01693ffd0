/**
 * The market model: gradient-boosted trees of log price over every closed sale of a market, trained
 * strictly on sales before its `asOf` date. Pure: the caller passes the sales and the date; storing the
 * model (a plain JSON object) is the caller's business.
 */
import { dayNumber } from '../dates';
import type { Sale } from '../report-model';
import type { Calibration } from '../calibration';
import { GBT_DEFAULTS, type GbtModel, type GbtParams, predictGbt, trainGbt, trainGbtPausing } from './gbt';
import { MARKET_FEATURES, marketFeatures } from './features';

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
  gbt: GbtModel;
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
export function trainMarketTrees(input: TrainInput): { gbt: GbtModel; trainedOn: MarketModel['trainedOn'] } | null {
  const data = treeData(input);
  return data && { gbt: trainGbt(data.X, data.y, MARKET_FEATURES, data.params), trainedOn: data.trainedOn };
}

/** trainMarketTrees (the same trees) awaiting `pause()` every few trees (see trainGbtPausing). */
export async function trainMarketTreesPausing(
  input: TrainInput,
  pause: () => Promise<void>,
): Promise<{ gbt: GbtModel; trainedOn: MarketModel['trainedOn'] } | null> {
  const data = treeData(input);
  return data && { gbt: await trainGbtPausing(data.X, data.y, MARKET_FEATURES, data.params, pause), trainedOn: data.trainedOn };
}

function treeData(input: TrainInput) {
  const train = trainingSales(input.sales, input.asOf);
  if (train.length < 200) return null;
  train.sort((a, b) => (a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    X: train.map((s) => marketFeatures(s, s.closeDate)),
    y: train.map((s) => Math.log(s.closePrice)),
    params: { ...GBT_DEFAULTS, ...input.params },
    trainedOn: { sales: train.length, firstSale: train[0]!.closeDate, lastSale: train[train.length - 1]!.closeDate },
  };
}

/** The market model's value (dollars) for a home as of `valuationDate`; null when it cannot say. */
export function predictMarketValue(gbt: GbtModel, home: Parameters<typeof marketFeatures>[0], valuationDate: string): number | null {
  if (!Number.isFinite(home.latitude) || !Number.isFinite(home.longitude) || Number.isNaN(dayNumber(valuationDate))) return null;
  if (gbt.featureNames.length !== MARKET_FEATURES.length || gbt.featureNames.some((f, i) => f !== MARKET_FEATURES[i])) return null;
  const v = Math.exp(predictGbt(gbt, marketFeatures(home, valuationDate)));
  return Number.isFinite(v) ? v : null;
}
