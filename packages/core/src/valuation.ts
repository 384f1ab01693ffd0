import type { Adjustment, CompDetail, PropertyFacts, Sale, Subject, Valuation } from './report-model';
import type { ExtraFacts, ValuationDiagnostics } from './valuation-types';

export type { ExtraFacts, ValuationDiagnostics } from './valuation-types';
import { dayNumber, isIsoDate } from './dates';
import { haversineKm } from './geo';
import { weightedRidge } from './linalg';
import { isUsableCandidate } from './search';
import { CALIBRATION } from './calibration';
import { applyMarketModel, calibratedRange } from './market-model/blend';
import type { MarketModel } from './market-model/model';

export interface EstimateInput {
  subject: Subject;
  sales: Sale[];
  /** YYYY-MM-DD */
  valuationDate: string;
  /** The market's stored model (trees, blend weights, calibration); without one the comps estimate stands. */
  market?: MarketModel | null;
}

// ---------------------------------------------------------------------------------------------
// Features: what the local regression uses and what each comp is adjusted for.

interface Ctx {
  valuationDay: number;
  valuationYear: number;
  subjectLat: number;
  subjectLng: number;
  kmPerDegLng: number;
}

interface FeatureDef {
  /** Adjustment factor name (several columns may share one factor). */
  factor: string;
  label: string;
  /** Which PropertyFacts field the column needs (null: always available). */
  field: keyof Facts | null;
  value: (f: Facts, ctx: Ctx) => number | null;
  /** Prior coefficient the ridge shrinks toward, and the prior's scale (log units per unit). */
  prior: number;
  priorSd: number;
}

const KM_PER_DEG_LAT = 111.32;

type Facts = PropertyFacts & ExtraFacts;

const FEATURES: FeatureDef[] = [
  { factor: 'size', label: 'living area', field: 'sqftLiving', value: (f) => pos(f.sqftLiving, Math.log), prior: 0.55, priorSd: 0.25 },
  { factor: 'lot', label: 'lot size', field: 'sqftLot', value: (f) => pos(f.sqftLot, Math.log), prior: 0.06, priorSd: 0.1 },
  { factor: 'bedrooms', label: 'bedrooms', field: 'bedrooms', value: (f) => num(f.bedrooms), prior: -0.01, priorSd: 0.04 },
  { factor: 'bathrooms', label: 'bathrooms', field: 'bathrooms', value: (f) => num(f.bathrooms), prior: 0.03, priorSd: 0.05 },
  {
    factor: 'age',
    label: 'age',
    field: 'yearBuilt',
    value: (f, c) => (f.yearBuilt != null && f.yearBuilt > 1700 ? (c.valuationYear - f.yearBuilt) / 10 : null),
    prior: 0,
    priorSd: 0.04,
  },
  {
    factor: 'age',
    label: 'age',
    field: 'yearBuilt',
    value: (f, c) => (f.yearBuilt != null && f.yearBuilt > 1700 ? ((c.valuationYear - f.yearBuilt - 50) / 10) ** 2 / 10 : null),
    prior: 0,
    priorSd: 0.04,
  },
  { factor: 'floors', label: 'floors', field: 'floors', value: (f) => num(f.floors), prior: 0, priorSd: 0.05 },
  { factor: 'grade', label: 'construction grade', field: 'grade', value: (f) => num(f.grade), prior: 0.15, priorSd: 0.07 },
  {
    // Renovated homes: 1 right after the renovation, fading to 0 over 40 years; 0 when never renovated
    // (the county writes 0 for "never"; a source without the field is treated as not renovated).
    factor: 'renovation',
    label: 'renovation',
    field: null,
    value: (f, c) =>
      f.yearBuilt != null && f.yearBuilt > 1700
        ? f.yearRenovated != null && f.yearRenovated > f.yearBuilt
          ? Math.max(0, 1 - (c.valuationYear - f.yearRenovated) / 40)
          : 0
        : null,
    prior: 0.05,
    priorSd: 0.1,
  },
  {
    factor: 'neighbourhood',
    label: "neighbours' lot size",
    field: null,
    value: (f: Facts) => pos(f.sqftLot15 ?? null, Math.log),
    prior: 0,
    priorSd: 0.1,
  },
  { factor: 'condition', label: 'condition', field: 'condition', value: (f) => num(f.condition), prior: 0.04, priorSd: 0.04 },
  { factor: 'view', label: 'view', field: 'view', value: (f) => num(f.view), prior: 0.06, priorSd: 0.05 },
  {
    factor: 'neighbourhood',
    label: "neighbours' living area",
    field: null,
    value: (f: Facts) => pos(f.sqftLiving15 ?? null, Math.log),
    prior: 0.2,
    priorSd: 0.2,
  },
  {
    factor: 'basement',
    label: 'basement share',
    field: null,
    value: (f: Facts) => (f.sqftBasement != null && f.sqftLiving != null && f.sqftLiving > 0 ? f.sqftBasement / f.sqftLiving : null),
    prior: -0.1,
    priorSd: 0.2,
  },
  {
    factor: 'waterfront',
    label: 'waterfront',
    field: 'waterfront',
    value: (f) => (f.waterfront == null ? null : f.waterfront ? 1 : 0),
    prior: 0.4,
    priorSd: 0.25,
  },
];

/** Location (east/north km from the subject) and time (years before valuation) columns. */
const TIME_PRIOR = -0.05;

function pos(x: number | null, f: (x: number) => number): number | null {
  return x != null && Number.isFinite(x) && x > 0 ? f(x) : null;
}
function num(x: number | null): number | null {
  return x != null && Number.isFinite(x) ? x : null;
}

// ---------------------------------------------------------------------------------------------
// Comp selection: widening steps.

interface SearchStep {
  maxKm: number;
  maxDays: number;
  /** Similarity bound: total size/quality/feature adjustment (log units, time excluded) at most this. */
  maxGross: number;
}

const STEPS: SearchStep[] = [
  { maxKm: 0.5, maxDays: 183, maxGross: 0.15 },
  { maxKm: 1, maxDays: 365, maxGross: 0.25 },
  { maxKm: 2, maxDays: 365, maxGross: 0.4 },
  { maxKm: 5, maxDays: 730, maxGross: 0.6 },
  { maxKm: Infinity, maxDays: Infinity, maxGross: Infinity },
];
const MIN_COMPS_ABSOLUTE = 3;

/** Tunable engine parameters (tuned on the Oct–Dec 2014 calibration period only). */
export const ENGINE_PARAMS = {
  minComps: 6,
  maxComps: 15,
  /** Similarity scales: km, days, gross (non-time) log adjustment. */
  simKm: 0.3,
  simDays: 365,
  simGross: 0.15,
  /** Neighbours that set the regression's kernel bandwidth, and its floor. */
  bandwidthNeighbours: 100,
  minBandwidthKm: 0.4,
  /** Prior weight of the local model value against the comps' summed similarity. */
  modelPrior: 0.5,
  /** Candidates whose adjusted price is more than this (log units) off the model are not comps. */
  compOutlier: 0.5,
  /**
   * Candidates whose adjusted price is more than this (log units) BELOW the model are not comps either
   * (estate sales, family transfers: non-arm's-length sales sit far below the market, rarely above).
   */
  compOutlierBelow: 0.5,
  /** A subject's own earlier sale (same home: same spot, year built and lot) is not used (flips). */
  excludeSameHome: true,
  /** At most this many nearest candidates are used. */
  maxPool: 400,
  /** Assumed residual variance (log units²) that turns prior scales into ridge penalties. */
  noiseVar: 0.04,
  locationPriorSd: 0.05,
  timePriorSd: 0.3,
  /** Robust refit: residuals beyond max(outlierFloor, outlierMads × MAD) are dropped. */
  outlierMads: 3,
  outlierFloor: 0.25,
  /** Time-decay of regression weights: 1 / (1 + days / timeDecayDays). */
  timeDecayDays: 365,
  /** Knots (days before valuation) of the piecewise-linear local price trend, and their prior scale. */
  timeKnotsDays: [30, 60, 90, 180] as number[],
  timeHingePriorSd: 0.5,
  /** Attribute kernel of the regression weights: exp(-|Δ log sqft| / kernelSize - |Δ grade| / kernelGrade); 0 = off. */
  kernelSize: 0.5,
  kernelGrade: 2,
  /** Estimate the time trend from the whole candidate area first (two-stage). */
  timeStage: true,
  /** Location price level: kernel-smoothed residuals of the local model (Gaussian, km); 0 = off. */
  locBandKm: 0.3,
  /** Shrinkage of the smoothed residual toward 0 (pseudo-count of kernel weight). */
  locPrior: 1,
  /** Residuals are clipped to ±this before smoothing (log units). */
  locClip: 0.3,
  /**
   * Share of (level at subject − level at comp) also applied to each comp as a location adjustment.
   * 0: the comps' own prices already tell the local level (moving them onto the smoothed surface
   * measured worse on Oct–Dec 2014), so the level enters the model value only.
   */
  locComps: 0,
};
export type EngineParams = typeof ENGINE_PARAMS;

// ---------------------------------------------------------------------------------------------

/** The production estimate: comps engine, blended with the market model when `input.market` is given. */
export function estimateValue(input: EstimateInput): Valuation {
  return valueWithDiagnostics(input).valuation;
}

export function valueWithDiagnostics(
  input: EstimateInput,
  P: EngineParams = ENGINE_PARAMS,
): { valuation: Valuation; diagnostics: ValuationDiagnostics } {
  return applyMarketModel(valueFromComps(input, P), input.subject, input.market ?? null);
}

/**
 * The comps engine alone (no market model, built-in calibration). The backtest values each subject with
 * it once, then applies each month's model version with applyMarketModel — the same two steps as
 * valueWithDiagnostics.
 */
export function valueFromComps(input: EstimateInput, P: EngineParams = ENGINE_PARAMS): { valuation: Valuation; diagnostics: ValuationDiagnostics } {
  const { subject, valuationDate } = input;
  const notes: string[] = [];
  const noEstimate = (reason: string, searchStep: string, poolSize = 0) => ({
    valuation: {
      valuationDate,
      estimate: null,
      confidence: null,
      flagged: true,
      flagReason: reason,
      comps: [],
      searchStep,
      notes,
    } satisfies Valuation,
    diagnostics: { u: null, modelValue: null, compsValue: null, engineValue: null, marketValue: null, poolSize },
  });

  if (!isIsoDate(valuationDate)) return noEstimate(`Invalid valuation date "${valuationDate}".`, 'none');
  if (!Number.isFinite(subject.latitude) || !Number.isFinite(subject.longitude)) {
    return noEstimate('The property has no known location, so no nearby sales can be compared.', 'none');
  }
  const valuationDay = dayNumber(valuationDate);
  const ctx: Ctx = {
    valuationDay,
    valuationYear: Number(valuationDate.slice(0, 4)) + (dayNumber(valuationDate) - dayNumber(`${valuationDate.slice(0, 4)}-01-01`)) / 365.25,
    subjectLat: subject.latitude,
    subjectLng: subject.longitude,
    kmPerDegLng: KM_PER_DEG_LAT * Math.cos((subject.latitude * Math.PI) / 180),
  };

  // Usable pool: strictly earlier sales, not the subject's own listing, deduplicated.
  // Keep the nearest maxPool (ties by id, so the result does not depend on input order).
  const seen = new Set<string>();
  let usable: { s: Sale; d: number }[] = [];
  const ownEarlier: Sale[] = [];
  for (const s of input.sales) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (isUsableCandidate(s, subject, valuationDate)) {
      const d = haversineKm(ctx.subjectLat, ctx.subjectLng, s.latitude, s.longitude);
      if (P.excludeSameHome && isSameHome(s, subject, d)) ownEarlier.push(s);
      else usable.push({ s, d });
    }
  }
  if (ownEarlier.length) {
    const last = ownEarlier.reduce((a, b) => (a.closeDate > b.closeDate ? a : b));
    notes.push(
      `This home's own earlier sale (${last.closeDate}) is not used as a comparable: a home that sells again soon after was usually renovated in between (a flip), so its earlier price understates it.`,
    );
  }
  usable.sort((a, b) => a.d - b.d || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0));
  if (usable.length > P.maxPool) usable = usable.slice(0, P.maxPool);
  const pool = usable.map((u) => u.s);
  if (pool.length === 0) {
    return noEstimate(`No comparable sales closed before ${valuationDate} were found near the property.`, 'none');
  }
  if (pool.length < MIN_COMPS_ABSOLUTE) {
    return noEstimate(
      `Only ${pool.length} sale${pool.length === 1 ? '' : 's'} closed before ${valuationDate} near the property; at least ${MIN_COMPS_ABSOLUTE} are needed.`,
      'none',
      pool.length,
    );
  }

  // Which features can be used: the subject has them and most of the pool does.
  const used: FeatureDef[] = [];
  const missingOnSubject = new Set<string>();
  const scarceInPool = new Set<string>();
  for (const f of FEATURES) {
    const sv = f.value(subject, ctx);
    if (sv == null) {
      if (f.field != null) missingOnSubject.add(f.label); // extras (county-only facts) go unmentioned
      continue;
    }
    let have = 0;
    for (const s of pool) if (f.value(s, ctx) != null) have++;
    if (have < Math.max(MIN_COMPS_ABSOLUTE, 0.6 * pool.length)) {
      scarceInPool.add(f.label);
      continue;
    }
    used.push(f);
  }
  if (missingOnSubject.size) notes.push(`Property facts not known, so not compared: ${[...missingOnSubject].join(', ')}.`);
  if (scarceInPool.size) notes.push(`Too few comparable sales report ${[...scarceInPool].join(', ')}, so it is not adjusted for.`);
  if (subject.sqftLiving == null) notes.push('Living area is unknown: the estimate cannot account for size and is less reliable.');

  // Design matrix, centred on the subject (so the intercept is the model's value for the subject).
  const nf = used.length;
  const knots = P.timeKnotsDays.map((d) => d / 365.25);
  const p = nf + 3 + knots.length; // + east km, north km, years before valuation, hinges
  const subjX = used.map((f) => f.value(subject, ctx)!);
  const n = pool.length;
  const X: number[][] = new Array(n);
  const y: number[] = new Array(n);
  const dist: number[] = new Array(n);
  const days: number[] = new Array(n);
  const missing: boolean[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = pool[i]!;
    const row = new Array<number>(p);
    const miss = new Array<boolean>(nf).fill(false);
    for (let j = 0; j < nf; j++) {
      const v = used[j]!.value(s, ctx);
      if (v == null) {
        miss[j] = true;
        row[j] = 0; // imputed at the subject's value: no adjustment, no leverage
      } else row[j] = v - subjX[j]!;
    }
    row[nf] = (s.longitude - ctx.subjectLng) * ctx.kmPerDegLng;
    row[nf + 1] = (s.latitude - ctx.subjectLat) * KM_PER_DEG_LAT;
    days[i] = valuationDay - dayNumber(s.closeDate);
    const t = days[i]! / 365.25;
    row[nf + 2] = t;
    for (let k = 0; k < knots.length; k++) row[nf + 3 + k] = Math.max(0, t - knots[k]!);
    X[i] = row;
    missing[i] = miss;
    y[i] = Math.log(s.closePrice);
    dist[i] = usable[i]!.d;
  }

  // Kernel weights: Gaussian in distance with an adaptive bandwidth, mildly decaying with age of sale.
  const sortedDist = [...dist].sort((a, b) => a - b);
  const h = Math.max(P.minBandwidthKm, sortedDist[Math.min(n - 1, P.bandwidthNeighbours - 1)]!);
  const sizeCol = used.findIndex((f) => f.factor === 'size');
  const gradeCol = used.findIndex((f) => f.factor === 'grade');
  const w = dist.map((d, i) => {
    let fk = 0;
    if (P.kernelSize > 0 && sizeCol >= 0) fk += Math.abs(X[i]![sizeCol]!) / P.kernelSize;
    if (P.kernelGrade > 0 && gradeCol >= 0) fk += Math.abs(X[i]![gradeCol]!) / P.kernelGrade;
    return Math.exp(-0.5 * (d / h) ** 2 - fk) / (1 + days[i]! / P.timeDecayDays);
  });
  const prior = [...used.map((f) => f.prior), 0, 0, TIME_PRIOR, ...knots.map(() => 0)];
  const priorSd = [...used.map((f) => f.priorSd), P.locationPriorSd, P.locationPriorSd, P.timePriorSd, ...knots.map(() => P.timeHingePriorSd)];
  const penalty = priorSd.map((sd) => P.noiseVar / sd ** 2);

  const fit = (weights: number[], pen: number[], pri: number[]) => {
    // Normalise weights to the effective sample size so the prior's strength is meaningful.
    let sw = 0;
    let sw2 = 0;
    for (const x of weights) {
      sw += x;
      sw2 += x * x;
    }
    const scale = sw > 0 ? sw / sw2 : 0;
    return weightedRidge(
      X,
      y,
      weights.map((x) => x * scale),
      pen,
      pri,
    );
  };
  const fitRobust = (weights: number[], pen: number[], pri: number[]) => {
    const b1 = fit(weights, pen, pri);
    if (!b1) return null;
    // One robust pass: drop gross outliers (e.g. non-arm's-length sales, tear-downs).
    const res = y.map((yi, i) => yi - predict(b1, X[i]!));
    const absRes = res.map(Math.abs).sort((a, b) => a - b);
    const mad = absRes[absRes.length >> 1]! * 1.4826;
    const cut = Math.max(P.outlierFloor, P.outlierMads * mad);
    return (
      fit(
        weights.map((wi, i) => (Math.abs(res[i]!) > cut ? 0 : wi)),
        pen,
        pri,
      ) ?? b1
    );
  };
  let beta: number[] | null;
  if (P.timeStage) {
    // Stage 1: the price trend from the whole candidate area (a market trend is regional, and a wide
    // sample steadies it); stage 2: the local model with that trend held fixed.
    const wT = days.map((d) => 1 / (1 + d / P.timeDecayDays));
    const b1 = fitRobust(wT, penalty, prior);
    if (b1) {
      const pen2 = penalty.map((x, j) => (j >= nf + 2 ? 1e9 : x));
      const pri2 = prior.map((x, j) => (j >= nf + 2 ? b1[j + 1]! : x));
      beta = fitRobust(w, pen2, pri2);
    } else beta = null;
  } else beta = fitRobust(w, penalty, prior);
  if (!beta) {
    beta = [0, ...prior];
    notes.push('The local price model could not be fitted; standard adjustment rates were used.');
  }
  const coef = beta.slice(1);

  // Location price level: residuals of nearby earlier sales from the local model, smoothed with a
  // Gaussian kernel and shrunk toward 0 when few sales are close (residual kriging, lite). The level at
  // the subject goes into the model value; with locComps > 0 a comp is also adjusted by that share of
  // (level at subject − level at comp).
  const locLevel = new Array<number>(n).fill(0);
  let subjLevel = 0;
  let locN = 0;
  if (P.locBandKm > 0) {
    const ex = new Float64Array(n);
    const ny = new Float64Array(n);
    const rc = new Float64Array(n);
    const tw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      ex[i] = X[i]![nf]!;
      ny[i] = X[i]![nf + 1]!;
      const r = y[i]! - predict(beta, X[i]!);
      rc[i] = Math.max(-P.locClip, Math.min(P.locClip, r));
      tw[i] = 1 / (1 + days[i]! / P.timeDecayDays);
    }
    const inv2h2 = 1 / (2 * P.locBandKm * P.locBandKm);
    const cutoff2 = 9 * P.locBandKm * P.locBandKm * 2;
    const smooth = (e: number, nn: number, skip: number): [number, number] => {
      let sw = 0;
      let swr = 0;
      for (let j = 0; j < n; j++) {
        if (j === skip) continue;
        const de = ex[j]! - e;
        const dn = ny[j]! - nn;
        const d2 = de * de + dn * dn;
        if (d2 > cutoff2) continue;
        const k = Math.exp(-d2 * inv2h2) * tw[j]!;
        sw += k;
        swr += k * rc[j]!;
      }
      return [swr / (P.locPrior + sw), sw];
    };
    [subjLevel, locN] = smooth(0, 0, -1);
    if (P.locComps !== 0) for (let i = 0; i < n; i++) locLevel[i] = smooth(ex[i]!, ny[i]!, i)[0];
  }
  const modelLog = beta[0]! + subjLevel;
  // Adjusted prices and similarity for every candidate.
  interface Cand {
    i: number;
    adjLog: number;
    parts: { factor: string; label: string; log: number; missing: boolean }[];
    gross: number;
    similarity: number;
  }
  const cands: Cand[] = [];
  for (let i = 0; i < n; i++) {
    const row = X[i]!;
    const byFactor = new Map<string, { factor: string; label: string; log: number; missing: boolean }>();
    const add = (factor: string, label: string, v: number, miss: boolean) => {
      const e = byFactor.get(factor);
      if (e) {
        e.log += v;
        e.missing ||= miss;
      } else byFactor.set(factor, { factor, label, log: v, missing: miss });
    };
    let timeLog = 0;
    for (let k = nf + 2; k < p; k++) timeLog -= coef[k]! * row[k]!;
    add('time', 'time', timeLog, false);
    for (let j = 0; j < nf; j++) add(used[j]!.factor, used[j]!.label, -coef[j]! * row[j]!, missing[i]![j]!);
    add('location', 'location', -(coef[nf]! * row[nf]! + coef[nf + 1]! * row[nf + 1]!) + P.locComps * (subjLevel - locLevel[i]!), false);
    const parts = [...byFactor.values()];
    let total = 0;
    let gross = 0;
    for (const pt of parts) {
      total += pt.log;
      if (pt.factor !== 'time') gross += Math.abs(pt.log);
    }
    const similarity = Math.exp(-dist[i]! / P.simKm - days[i]! / P.simDays - gross / P.simGross);
    cands.push({ i, adjLog: y[i]! + total, parts, gross, similarity });
  }

  // Widening selection: nearest/recent/most similar first; outliers (sales far off the local model
  // after adjustment, e.g. distressed or non-arm's-length sales) are never comps.
  let chosen: Cand[] = [];
  let stepIdx = -1;
  const eligible = cands.filter((c) => Math.abs(c.adjLog - modelLog) <= P.compOutlier && c.adjLog - modelLog >= -P.compOutlierBelow);
  for (let k = 0; k < STEPS.length; k++) {
    const st = STEPS[k]!;
    const ok = eligible.filter((c) => dist[c.i]! <= st.maxKm && days[c.i]! <= st.maxDays && c.gross <= st.maxGross);
    const need = k === STEPS.length - 1 ? MIN_COMPS_ABSOLUTE : P.minComps;
    if (ok.length >= need) {
      ok.sort((a, b) => b.similarity - a.similarity || a.i - b.i);
      chosen = ok.slice(0, P.maxComps);
      stepIdx = k;
      break;
    }
  }
  if (stepIdx < 0) {
    return noEstimate(`Not enough comparable sales (${pool.length} found, ${eligible.length} usable as comps).`, 'none', pool.length);
  }
  const st = STEPS[stepIdx]!;
  const searchStep = describeStep(stepIdx, st, chosen.length, pool.length);

  // Weights by similarity; the local model takes the weight `modelWeight` (more when comps are few or
  // dissimilar), so the estimate is a weighted mean of the comps' adjusted prices and the model value.
  const simSum = chosen.reduce((t, c) => t + c.similarity, 0);
  const modelWeight = P.modelPrior / (P.modelPrior + simSum);
  // cw: the comps' weights among themselves (sum 1); reported weights are their share of the estimate.
  const cw = chosen.map((c) => (simSum > 0 ? c.similarity / simSum : 1 / chosen.length));
  const weights = cw.map((x) => (1 - modelWeight) * x);
  let compLog = 0;
  for (let k = 0; k < chosen.length; k++) compLog += cw[k]! * chosen[k]!.adjLog;
  let varLog = 0;
  for (let k = 0; k < chosen.length; k++) varLog += cw[k]! * (chosen[k]!.adjLog - compLog) ** 2;
  const nEff = 1 / cw.reduce((t, x) => t + x * x, 0);
  const sdComps = Math.sqrt(varLog);

  const valueLog = modelWeight * modelLog + (1 - modelWeight) * compLog;
  const value = Math.exp(valueLog);
  const meanGross = chosen.reduce((t, c, k) => t + cw[k]! * c.gross, 0);
  // Without a quality grade (most MLS feeds) the comps' spread understates the error: widen by a
  // factor measured on the calibration period with grade/condition removed (backtest --mls-like).
  const qualityKnown = used.some((f) => f.factor === 'grade');
  const u = uncertainty({ sdComps, meanGross, nEff }) * (qualityKnown ? 1 : CALIBRATION.noGradeFactor) + (subject.sqftLiving == null ? 0.1 : 0);
  if (!qualityKnown) notes.push('No construction-quality grade is known, so the range is wider.');

  const { estimate, confidence } = calibratedRange(valueLog, u, subject.sqftLiving != null, CALIBRATION);

  const comps: CompDetail[] = chosen.map((c, idx) => {
    const s = pool[c.i]!;
    const adjustments: Adjustment[] = [];
    let cum = 0;
    for (const pt of c.parts) {
      const before = s.closePrice * Math.exp(cum);
      cum += pt.log;
      const after = s.closePrice * Math.exp(cum);
      const amount = Math.round(after - before);
      if (pt.missing) {
        adjustments.push({ factor: pt.factor, amount: 0, reason: `Comparable's ${pt.label} unknown; not adjusted.` });
        continue;
      }
      if (amount === 0) continue;
      adjustments.push({ factor: pt.factor, amount, reason: reasonFor(pt.factor, pt.label, subject, s, days[c.i]!, dist[c.i]!, pt.log) });
    }
    return {
      sale: s,
      distanceKm: Math.round(dist[c.i]! * 1000) / 1000,
      daysBeforeValuation: days[c.i]!,
      similarity: Number(c.similarity.toPrecision(4)),
      adjustments,
      adjustedPrice: Math.round(Math.exp(c.adjLog)),
      weight: Number(weights[idx]!.toPrecision(4)),
    };
  });

  notes.push(
    `Adjustment rates come from a local price model fitted on ${pool.length} earlier nearby sales (weighted by distance); used: ${['time', ...new Set(used.map((f) => f.label)), 'location'].join(', ')}.`,
  );
  notes.push(
    `The estimate weighs the ${chosen.length} comps' adjusted prices by similarity; the local price model carries ${(modelWeight * 100).toFixed(1)}% of the weight (more when close, similar comps are few).`,
  );
  if (P.locBandKm > 0 && Math.abs(subjLevel) >= 0.0005) {
    notes.push(
      `Location: earlier sales within about ${Math.round(P.locBandKm * 2 * 10) / 10} km sold ${subjLevel > 0 ? 'above' : 'below'} what the local price model predicts for their features (about ${locN.toFixed(1)} sales' worth of weight, shrunk toward none when few), so the model value is moved ${subjLevel > 0 ? 'up' : 'down'} ${pct(subjLevel)} for location.`,
    );
  }
  if (confidence === 'low') notes.push('Low confidence: the comparable sales disagree or needed large adjustments.');

  return {
    valuation: {
      valuationDate,
      estimate,
      confidence,
      flagged: false,
      flagReason: null,
      comps,
      searchStep,
      notes,
      localModelValue: Math.round(Math.exp(modelLog)),
    },
    diagnostics: { u, modelValue: Math.exp(modelLog), compsValue: Math.exp(compLog), engineValue: value, marketValue: null, poolSize: pool.length },
  };
}

interface UncertaintyInput {
  sdComps: number;
  meanGross: number;
  nEff: number;
}
/**
 * The uncertainty scale (log units) ranges and tiers are built on: the spread of the comps' adjusted
 * prices, half the average total adjustment (large adjustments are less certain), and a floor that
 * shrinks with the effective number of comps. Its scale is calibrated by backtest (calibration.ts).
 */
function uncertainty(x: UncertaintyInput): number {
  return Math.sqrt(x.sdComps ** 2 + 0.25 * x.meanGross ** 2 + 0.01 / x.nEff);
}

/**
 * The same home sold earlier: the same street address (number and street, when both have one), or the same
 * spot (≤ 15 m; county coordinates have ~11 m resolution) with the same year built and the same lot size.
 */
export function isSameHome(sale: Sale, subject: Subject, km: number): boolean {
  const a = streetLine(sale.address);
  if (a && a === streetLine(subject.address)) return true;
  if (km > 0.015) return false;
  if (sale.yearBuilt == null || subject.yearBuilt == null || sale.yearBuilt !== subject.yearBuilt) return false;
  return sale.sqftLot == null || subject.sqftLot == null || sale.sqftLot === subject.sqftLot;
}
/** "123 Main St" of "123 Main St, Seattle, WA": only a line that starts with a house number counts. */
function streetLine(a: string | null): string | null {
  const line = (a ?? '')
    .split(',')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return /^\d+ \S/.test(line) ? line : null;
}

function predict(beta: number[], row: number[]): number {
  let v = beta[0]!;
  for (let j = 0; j < row.length; j++) v += beta[j + 1]! * row[j]!;
  return v;
}

function describeStep(idx: number, st: SearchStep, count: number, poolSize: number): string {
  const parts: string[] = [];
  parts.push(Number.isFinite(st.maxKm) ? `within ${st.maxKm} km` : 'any distance in the search area');
  parts.push(Number.isFinite(st.maxDays) ? `sold within ${Math.round(st.maxDays / 30.4)} months` : 'any sale date');
  if (Number.isFinite(st.maxGross)) parts.push(`size/quality adjustments at most ${Math.round(st.maxGross * 100)}%`);
  return `Step ${idx + 1} of ${STEPS.length}: ${parts.join(', ')} — ${count} comps chosen from ${poolSize} earlier sales`;
}

function pct(x: number): string {
  return `${(Math.abs(Math.expm1(x)) * 100).toFixed(1)}%`;
}

function reasonFor(factor: string, label: string, subj: Subject, comp: Sale, days: number, km: number, log: number): string {
  const dir = log > 0 ? 'up' : 'down';
  switch (factor) {
    case 'time':
      return `Sold ${days} days before the valuation date; local prices moved ${log > 0 ? 'up' : 'down'} ${pct(log)} since.`;
    case 'location':
      return `${km.toFixed(2)} km away in a ${log > 0 ? 'cheaper' : 'pricier'} spot by the local price model; adjusted ${dir} ${pct(log)}.`;
    case 'size':
      return `Living area ${comp.sqftLiving} vs ${subj.sqftLiving} sq ft; adjusted ${dir} ${pct(log)}.`;
    case 'lot':
      return `Lot ${comp.sqftLot} vs ${subj.sqftLot} sq ft; adjusted ${dir} ${pct(log)}.`;
    case 'bedrooms':
      return `${comp.bedrooms} vs ${subj.bedrooms} bedrooms; adjusted ${dir} ${pct(log)}.`;
    case 'bathrooms':
      return `${comp.bathrooms} vs ${subj.bathrooms} bathrooms; adjusted ${dir} ${pct(log)}.`;
    case 'age':
      return `Built ${comp.yearBuilt} vs ${subj.yearBuilt}; adjusted ${dir} ${pct(log)}.`;
    case 'floors':
      return `${comp.floors} vs ${subj.floors} floors; adjusted ${dir} ${pct(log)}.`;
    case 'grade':
      return `Construction grade ${comp.grade} vs ${subj.grade}; adjusted ${dir} ${pct(log)}.`;
    case 'condition':
      return `Condition ${comp.condition} vs ${subj.condition}; adjusted ${dir} ${pct(log)}.`;
    case 'renovation':
      return `Renovated ${comp.yearRenovated ?? 'never'} vs ${subj.yearRenovated ?? 'never'} (built ${comp.yearBuilt} vs ${subj.yearBuilt}); adjusted ${dir} ${pct(log)}.`;
    case 'view':
      return `View ${comp.view} vs ${subj.view}; adjusted ${dir} ${pct(log)}.`;
    case 'waterfront':
      return `${comp.waterfront ? 'Waterfront' : 'Not waterfront'} vs ${subj.waterfront ? 'waterfront' : 'not waterfront'}; adjusted ${dir} ${pct(log)}.`;
    default:
      return `${label} differs; adjusted ${dir} ${pct(log)}.`;
  }
}
