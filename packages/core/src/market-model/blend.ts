/**
 * The blend: the comps estimate and the market model combined in log terms with weights learned by a
 * forward backtest, and the range/tiers from the market's own calibration. Pure.
 */
import { CALIBRATION, COVERAGE, type Calibration } from '../calibration';
import type { ConfidenceTier, Estimate, Subject, Valuation } from '../report-model';
import type { ValuationDiagnostics } from '../valuation-types';
import { dateOfDay, dayNumber } from '../dates';
import { type BlendWeights, type ForwardValidation, type MarketModel, predictMarketValue } from './model';

/**
 * What a version stores about the blend (`MarketModel.blend`): BlendWeights plus the market drift. Stored
 * as JSON; versions stored before the drift have none and are read as drift 0 (`blendOf`).
 */
export interface MarketBlend extends BlendWeights {
  /**
   * Market drift (log units) added to the blended estimate: the median of how far the blend missed on the
   * version's most recent forward-backtest sales (DRIFT_DAYS), shrunk toward 0 and bounded by DRIFT_CAP —
   * prices moving faster than the comps' trend and the trees (which cannot extrapolate the date) follow.
   */
  drift?: number;
  /** The sales the drift was measured on: how many, and their first and last sale dates (YYYY-MM-DD). */
  driftSales?: { count: number; from: string; to: string } | null;
}

/** Days at the end of a version's backtest window whose residuals measure the market drift. */
export const DRIFT_DAYS = 42;
/** Pseudo-count of sales at drift 0 that the drift's median is shrunk toward (drift × n / (n + this)). */
export const DRIFT_PRIOR_SALES = 200;
/** Largest drift applied, either way (log units, about ±3%). */
export const DRIFT_CAP = 0.03;

/** A stored version's blend with defaults for fields older versions lack. */
export function blendOf(market: MarketModel): { compsWeight: number; drift: number; driftSales: MarketBlend['driftSales'] } {
  const b = market.blend as MarketBlend;
  const drift = typeof b.drift === 'number' && Number.isFinite(b.drift) ? Math.max(-DRIFT_CAP, Math.min(DRIFT_CAP, b.drift)) : 0;
  return { compsWeight: b.compsWeight, drift, driftSales: b.driftSales ?? null };
}

export function roundPrice(x: number): number {
  return x >= 100_000 ? Math.round(x / 1000) * 1000 : Math.round(x / 100) * 100;
}

/** Tier from the uncertainty scale u and the range estimate × exp(±k·u) of that tier. */
export function calibratedRange(
  valueLog: number,
  u: number,
  sqftKnown: boolean,
  cal: Calibration,
): { estimate: Estimate; confidence: ConfidenceTier } {
  const confidence: ConfidenceTier = !sqftKnown ? 'low' : u < cal.highMaxU ? 'high' : u < cal.mediumMaxU ? 'medium' : 'low';
  const k = cal.k[confidence];
  return {
    confidence,
    estimate: {
      value: roundPrice(Math.exp(valueLog)),
      low: roundPrice(Math.exp(valueLog - k * u)),
      high: roundPrice(Math.exp(valueLog + k * u)),
      coverage: COVERAGE,
    },
  };
}

const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

/**
 * The production estimate: the comps engine's result combined with the market's model (when there is
 * one and it can value the home). Without a model the comps estimate stands, with the built-in calibration.
 */
export function applyMarketModel(
  result: { valuation: Valuation; diagnostics: ValuationDiagnostics },
  subject: Subject,
  market: MarketModel | null,
): { valuation: Valuation; diagnostics: ValuationDiagnostics } {
  const { valuation, diagnostics } = result;
  if (!valuation.estimate || diagnostics.engineValue == null || diagnostics.u == null) return result;
  const compsLog = Math.log(diagnostics.engineValue);
  const modelValue = market ? predictMarketValue(market.gbt, subject, valuation.valuationDate) : null;
  const cal = market && modelValue != null ? market.calibration : CALIBRATION;
  const b = market && modelValue != null ? blendOf(market) : { compsWeight: 1, drift: 0, driftSales: null };
  const w = b.compsWeight;
  const valueLog = modelValue != null ? w * compsLog + (1 - w) * Math.log(modelValue) + b.drift : compsLog;
  const u = modelValue != null ? blendedU(diagnostics.u, compsLog - Math.log(modelValue), cal.disagreement ?? 0) : diagnostics.u;
  const { estimate, confidence } = calibratedRange(valueLog, u, subject.sqftLiving != null, cal);
  const LOW = 'Low confidence: the comparable sales disagree or needed large adjustments.';
  const notes = valuation.notes.filter((x) => x !== LOW);
  if (modelValue != null && market) {
    notes.push(
      `Comparable sales suggest ${money(diagnostics.engineValue)}; the market model (trained on ${market.trainedOn.sales.toLocaleString('en-US')} sales closed before ${market.asOf}) suggests ${money(modelValue)}. The estimate weighs them ${Math.round(w * 100)}% / ${Math.round((1 - w) * 100)}%, weights measured on earlier sales.`,
    );
    const pctDrift = Math.round(Math.expm1(b.drift) * 1000) / 10;
    if (pctDrift !== 0 && b.driftSales) {
      notes.push(
        `Market movement: the ${b.driftSales.count.toLocaleString('en-US')} sales of ${b.driftSales.from} … ${b.driftSales.to} sold ${pctDrift > 0 ? 'above' : 'below'} what the comparable sales and the market model predicted for them, so the estimate is moved ${pctDrift > 0 ? 'up' : 'down'} ${Math.abs(pctDrift)}%.`,
      );
    }
  }
  if (cal.note) notes.push(cal.note);
  return {
    valuation: {
      ...valuation,
      estimate,
      confidence,
      // Comp weights stay their shares of the comps part; the blend says what share that part has.
      blend: {
        compsValue: roundPrice(diagnostics.engineValue),
        marketModelValue: modelValue != null ? roundPrice(modelValue) : null,
        compsWeight: w,
        marketModelWeight: Math.round((1 - w) * 1000) / 1000,
        ...(modelValue != null ? { marketDrift: Math.round(Math.expm1(b.drift) * 10000) / 10000 } : {}),
        marketModelVersion: modelValue != null && market ? market.version : null,
        calibrationSource: cal.source ?? 'built-in',
      },
      notes: confidence === 'low' ? [...notes, LOW] : notes,
    },
    diagnostics: { ...diagnostics, marketValue: modelValue },
  };
}

/** The uncertainty scale of a blended estimate: the comps' u, widened by the comps–model disagreement. */
export function blendedU(u: number, disagreementLog: number, weight: number): number {
  return Math.sqrt(u * u + weight * disagreementLog * disagreementLog);
}

/**
 * Candidate weights of the comps–model disagreement in u (Calibration.disagreement); each version picks
 * the one whose tertiles of u best separate errors on its own backtest (low-tier / high-tier median error).
 */
export const DISAGREEMENT_WEIGHTS = [0, 0.25, 0.5, 1];

/** One sale of a forward backtest: what the comps engine and the model said, from earlier sales only. */
export interface BacktestRow {
  /** Comps engine estimate (dollars, unrounded) and its uncertainty scale. */
  engineValue: number;
  u: number;
  /** Market model value (dollars), null when no model existed. */
  marketValue: number | null;
  actual: number;
  sqftKnown: boolean;
  /** Sale date (YYYY-MM-DD); rows without one do not count toward the market drift. */
  date?: string;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Fewest backtested sales for a calibration of its own; below it the range is widened and says so. */
export const MIN_CALIBRATION_SALES = 300;

/**
 * Blend weight (grid 0…1 by 0.05, least median absolute log error) and the range/tier calibration
 * measured on a market's forward backtest rows.
 */
export function fitMarketVersion(
  rows: BacktestRow[],
  period: { from: string; to: string; label: string },
  base: Calibration = CALIBRATION,
  disagreementWeights: number[] = DISAGREEMENT_WEIGHTS,
): { blend: MarketBlend; calibration: Calibration; validation: ForwardValidation } {
  const withModel = rows.filter((r) => r.marketValue != null);
  const err = (w: number, r: BacktestRow) => w * Math.log(r.engineValue) + (1 - w) * Math.log(r.marketValue ?? r.engineValue) - Math.log(r.actual);
  let best = { w: 1, m: Number.POSITIVE_INFINITY };
  if (withModel.length >= 30) {
    for (let k = 0; k <= 20; k++) {
      const w = k / 20;
      const m = quantile(
        withModel.map((r) => Math.abs(err(w, r))),
        0.5,
      );
      if (m < best.m - 1e-9) best = { w, m };
    }
  }
  const w = best.w;
  // Market drift: how far the blend missed on the window's last DRIFT_DAYS, shrunk toward 0 and bounded.
  const driftFrom = dateOfDay(dayNumber(period.to) - DRIFT_DAYS + 1);
  const recent = w < 1 ? withModel.filter((r) => r.date != null && r.date >= driftFrom && r.date <= period.to) : [];
  let drift = 0;
  let driftSales: MarketBlend['driftSales'] = null;
  if (recent.length >= 30) {
    const m = quantile(
      recent.map((r) => -err(w, r)),
      0.5,
    );
    drift = Math.max(-DRIFT_CAP, Math.min(DRIFT_CAP, (m * recent.length) / (recent.length + DRIFT_PRIOR_SALES)));
    const dates = recent.map((r) => r.date!).sort();
    driftSales = { count: recent.length, from: dates[0]!, to: dates[dates.length - 1]! };
  }
  const logErr = rows.map((r) => err(w, r) + (r.marketValue != null ? drift : 0));
  // The u each row would carry in production (with the model: widened by the disagreement), for the
  // disagreement weight that orders this backtest's errors best.
  const uWith = (c: number) => rows.map((r) => (r.marketValue != null && w < 1 ? blendedU(r.u, Math.log(r.engineValue / r.marketValue), c) : r.u));
  const separation = (us: number[]) => {
    const t1 = quantile(us, 1 / 3);
    const t2 = quantile(us, 2 / 3);
    const hi = logErr.filter((_, i) => us[i]! < t1).map(Math.abs);
    const lo = logErr.filter((_, i) => us[i]! >= t2).map(Math.abs);
    return hi.length && lo.length ? quantile(lo, 0.5) / quantile(hi, 0.5) : 0;
  };
  let disagreement = 0;
  let us = uWith(0);
  if (w < 1 && rows.length >= 30) {
    let bestSep = separation(us);
    for (const c of disagreementWeights) {
      const cand = uWith(c);
      const sep = separation(cand);
      if (sep > bestSep + 1e-9) {
        bestSep = sep;
        disagreement = c;
        us = cand;
      }
    }
  }
  const n = rows.length;
  let calibration: Calibration;
  const source = `${period.label} forward backtest, sales of ${period.from} … ${period.to} (${n.toLocaleString('en-US')} sales)`;
  if (n >= 30) {
    const highMaxU = quantile(us, 1 / 3);
    const mediumMaxU = quantile(us, 2 / 3);
    const tierOf = (r: BacktestRow, u: number): ConfidenceTier => (!r.sqftKnown ? 'low' : u < highMaxU ? 'high' : u < mediumMaxU ? 'medium' : 'low');
    const k = { high: 0, medium: 0, low: 0 };
    for (const t of ['high', 'medium', 'low'] as ConfidenceTier[]) {
      const z = rows.flatMap((r, i) => (tierOf(r, us[i]!) === t ? [Math.abs(logErr[i]!) / us[i]!] : []));
      k[t] = z.length >= 10 ? quantile(z, COVERAGE) : base.k[t];
    }
    calibration = { highMaxU, mediumMaxU, k, noGradeFactor: base.noGradeFactor, disagreement, source, note: null };
    if (n < MIN_CALIBRATION_SALES) {
      // A short history measures the 80th percentile loosely: widen in proportion and say so.
      const f = 1 + 0.3 * (1 - n / MIN_CALIBRATION_SALES);
      calibration.k = { high: k.high * f, medium: k.medium * f, low: k.low * f };
      calibration.note = `This market has little sales history to check the range against (${n} sales), so the range was widened by ${Math.round((f - 1) * 100)}%.`;
    }
  } else {
    const f = 1.3;
    calibration = {
      ...base,
      disagreement: 0,
      k: { high: base.k.high * f, medium: base.k.medium * f, low: base.k.low * f },
      source: `${base.source ?? 'built-in'}, widened`,
      note: `This market has too little sales history to measure the range on (${n} sales), so a default range widened by 30% is used.`,
    };
  }
  const cov = rows.filter((r, i) => {
    const u = us[i]!;
    const tier: ConfidenceTier = !r.sqftKnown ? 'low' : u < calibration.highMaxU ? 'high' : u < calibration.mediumMaxU ? 'medium' : 'low';
    return Math.abs(logErr[i]!) <= calibration.k[tier] * u;
  }).length;
  const med = (f: (r: BacktestRow) => number, rs: BacktestRow[]) =>
    quantile(
      rs.map((r) => Math.abs(f(r) / r.actual - 1)),
      0.5,
    );
  return {
    blend: { compsWeight: w, drift, driftSales },
    calibration,
    validation: {
      from: period.from,
      to: period.to,
      subjects: n,
      medianAbsErrorModel: withModel.length ? med((r) => r.marketValue!, withModel) : Number.NaN,
      medianAbsErrorComps: med((r) => r.engineValue, rows),
      medianAbsErrorBlend: quantile(
        logErr.map((e) => Math.abs(Math.expm1(e))),
        0.5,
      ),
      coverage: n ? cov / n : Number.NaN,
    },
  };
}
