/**
 * Blend lab: re-fits the blend on rows dumped by the backtest, in seconds instead of a whole backtest.
 *
 *   npm run backtest -- --from 2014-10-01 --to 2014-12-31 --dump /tmp/kc-octdec     # writes kc-octdec.json + kc-octdec-history.json
 *   npx tsx scripts/blend-lab.ts /tmp/kc-octdec [/tmp/kc-augsep …]                   # several dumps are merged
 *   options (env): ONLY_PRODUCTION=1 (skip the alternatives), DRIFTS=1 (print each version's drift), WEEKLY=1
 *   (alternatives on weekly versions), HINDSIGHT=1 (bounds no blend of the two parts can pass; decision 0039),
 *   SALES=<csv> (where the dumped sales are, for the local corrections; default the King County file)
 *
 * Each dumped row is a sale valued from strictly earlier sales: the comps estimate, its uncertainty u and
 * the weekly trees' value. "production" replays exactly what the backtest does with them —
 * fitMarketVersion on the 91 days before each version's date, applied as applyMarketModel does (weight,
 * drift, disagreement in u, tiers and range) — before (monthly versions, no drift) and after (weekly
 * versions as the worker retrains, with the market drift). The alternatives below are the blends that were
 * measured and dropped (packages/core README, "Tried and dropped"); each is fitted on the same windows.
 * Tune on Oct–Dec 2014 (and earlier); Jan–Mar 2015 is the test quarter.
 */
import { readFileSync } from 'node:fs';
import {
  type BacktestRow,
  CALIBRATION,
  CALIBRATION_DAYS,
  type ConfidenceTier,
  DRIFT_CAP,
  DRIFT_DAYS,
  DRIFT_PRIOR_SALES,
  dateOfDay,
  dayNumber,
  fitMarketVersion,
  type MarketBlend,
  weekStart,
  type Sale,
} from '@opencma/core';
import { parseCsv } from './lib/csv';
import { rowToSale } from './lib/kc';

interface Dumped {
  id: string;
  date: string;
  actual: number;
  engine: number;
  market: number | null;
  u: number;
}

const bases = process.argv.slice(2);
if (bases.length === 0) {
  console.error('usage: npx tsx scripts/blend-lab.ts <dump without .json> [more dumps]');
  process.exit(2);
}
const usable = (r: Dumped) => r.engine != null && r.u != null;
const subjects: Dumped[] = bases.flatMap((b) => (JSON.parse(readFileSync(`${b}.json`, 'utf8')) as Dumped[]).filter(usable));
const byId = new Map<string, Dumped>();
for (const b of bases) for (const r of JSON.parse(readFileSync(`${b}-history.json`, 'utf8')) as Dumped[]) byId.set(r.id, r);
for (const r of subjects) byId.set(r.id, r);
const rows = [...byId.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
const pct = (x: number, d = 2) => (100 * x).toFixed(d);
const lc = (r: Dumped) => Math.log(r.engine);
const lm = (r: Dumped) => Math.log(r.market ?? r.engine);
const ly = (r: Dumped) => Math.log(r.actual);

function windowOf(start: string): Dumped[] {
  const from = dateOfDay(dayNumber(start) - CALIBRATION_DAYS);
  return rows.filter((r) => r.date >= from && r.date < start);
}

function report(label: string, out: { e: number; month: string; tier?: ConfidenceTier; inRange?: boolean }[]): void {
  const ae = out.map((x) => Math.abs(Math.expm1(x.e)));
  const within = (t: number) => ae.filter((x) => x <= t).length / ae.length;
  const months = [...new Set(out.map((x) => x.month))].sort();
  const byMonth = months.map((m) => `${m} ${pct(median(out.filter((x) => x.month === m).map((x) => Math.abs(Math.expm1(x.e)))))}`);
  let cal = '';
  if (out[0]?.tier) {
    const tiers = (['high', 'medium', 'low'] as ConfidenceTier[]).map((t) => {
      const g = out.filter((x) => x.tier === t);
      return `${t} ${pct(median(g.map((x) => Math.abs(Math.expm1(x.e)))))} (${pct(g.filter((x) => x.inRange).length / g.length, 1)})`;
    });
    cal = `  range ${pct(out.filter((x) => x.inRange).length / out.length, 1)}  tiers ${tiers.join(' ')}`;
  }
  console.log(
    `${label.padEnd(28)} median ${pct(median(ae))}  within 10% ${pct(within(0.1), 1)}  20% ${pct(within(0.2), 1)}  bias ${pct(median(out.map((x) => Math.expm1(x.e))))}${cal}  | ${byMonth.join('  ')}`,
  );
}

/** Version dates: the 1st of each subject month (the backtest before) or each subject week's Monday (now, as the worker). */
const versionStart = (date: string, weekly: boolean) => (weekly ? weekStart(date) : `${date.slice(0, 7)}-01`);

/** The production fit and application; `withDrift` false gives rows no dates, so no drift is measured. */
function production(label: string, withDrift: boolean, weekly: boolean): void {
  const toRow = (r: Dumped): BacktestRow => ({
    engineValue: r.engine,
    u: r.u,
    marketValue: r.market,
    actual: r.actual,
    sqftKnown: true,
    ...(withDrift ? { date: r.date } : {}),
  });
  const out: { e: number; month: string; tier: ConfidenceTier; inRange: boolean }[] = [];
  const drifts: string[] = [];
  for (const start of [...new Set(subjects.map((r) => versionStart(r.date, weekly)))].sort()) {
    const f = fitMarketVersion(
      windowOf(start).map(toRow),
      { from: dateOfDay(dayNumber(start) - CALIBRATION_DAYS), to: dateOfDay(dayNumber(start) - 1), label: 'lab' },
      CALIBRATION,
    );
    const b = f.blend as MarketBlend;
    const c = f.calibration;
    drifts.push(`${start} w ${b.compsWeight.toFixed(2)} drift ${pct(b.drift ?? 0)}`);
    for (const r of subjects) {
      if (versionStart(r.date, weekly) !== start) continue;
      const withModel = r.market != null;
      const w = withModel ? b.compsWeight : 1;
      const v = w * lc(r) + (1 - w) * lm(r) + (withModel ? (b.drift ?? 0) : 0);
      const d = lc(r) - lm(r);
      const u = withModel && w < 1 ? Math.sqrt(r.u * r.u + (c.disagreement ?? 0) * d * d) : r.u;
      const tier: ConfidenceTier = u < c.highMaxU ? 'high' : u < c.mediumMaxU ? 'medium' : 'low';
      out.push({ e: v - ly(r), month: r.date.slice(0, 7), tier, inRange: Math.abs(v - ly(r)) <= c.k[tier] * u });
    }
  }
  report(label, out);
  if (process.env.DRIFTS) console.log(`  versions: ${drifts.join(', ')}`);
}

/** An alternative blend: fitted on a version's window, returns the log estimate of a row. */
type Fit = (window: Dumped[], start: string) => (r: Dumped) => number;

function gridWeight(win: Dumped[], f: (r: Dumped, w: number) => number = (r, w) => w * lc(r) + (1 - w) * lm(r)): number {
  let best = { w: 1, m: Number.POSITIVE_INFINITY };
  for (let k = 0; k <= 20; k++) {
    const m = median(win.map((r) => Math.abs(f(r, k / 20) - ly(r))));
    if (m < best.m - 1e-9) best = { w: k / 20, m };
  }
  return best.w;
}

/** Least absolute deviations by iteratively reweighted least squares, with a ridge pull toward `prior`. */
function ladFit(X: number[][], y: number[], prior: number[], ridge: number[]): number[] {
  const p = prior.length;
  let b = [...prior];
  for (let it = 0; it < 30; it++) {
    const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const c = new Array<number>(p).fill(0);
    X.forEach((x, i) => {
      const r = y[i]! - x.reduce((t, xj, j) => t + xj * b[j]!, 0);
      const wt = 1 / Math.max(Math.abs(r), 0.01);
      for (let j = 0; j < p; j++) {
        c[j] = c[j]! + wt * x[j]! * y[i]!;
        for (let k = 0; k < p; k++) A[j]![k] = A[j]![k]! + wt * x[j]! * x[k]!;
      }
    });
    for (let j = 0; j < p; j++) {
      A[j]![j] = A[j]![j]! + ridge[j]!;
      c[j] = c[j]! + ridge[j]! * prior[j]!;
    }
    b = solve(A, c);
  }
  return b;
}

function solve(A: number[][], c: number[]): number[] {
  const n = c.length;
  const M = A.map((row, i) => [...row, c[i]!]);
  for (let i = 0; i < n; i++) {
    let piv = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(M[k]![i]!) > Math.abs(M[piv]![i]!)) piv = k;
    [M[i], M[piv]] = [M[piv]!, M[i]!];
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const row = M[k]!;
      const f = row[i]! / M[i]![i]!;
      for (let j = i; j <= n; j++) row[j] = row[j]! - f * M[i]![j]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

/** The comps weight per tertile of `key` in the window, shrunk toward the global weight (pseudo-count s0). */
function weightByTertile(key: (r: Dumped) => number, s0: number): Fit {
  return (win) => {
    const w = gridWeight(win);
    const t1 = quantile(win.map(key), 1 / 3);
    const t2 = quantile(win.map(key), 2 / 3);
    const tier = (r: Dumped) => (key(r) < t1 ? 0 : key(r) < t2 ? 1 : 2);
    const ws = [0, 1, 2].map((t) => {
      const g = win.filter((r) => tier(r) === t);
      return w + ((gridWeight(g) - w) * g.length) / (g.length + s0);
    });
    return (r) => ws[tier(r)]! * lc(r) + (1 - ws[tier(r)]!) * lm(r);
  };
}

/** Stacked LAD regression: log(actual/model) = a + d·(b + Σ c_f·f), d = log(comps/model), ridge toward (0, w, 0…). */
const FEATURES: Record<string, (r: Dumped) => number> = {
  u: (r) => (r.u - 0.15) * 10,
  price: (r) => lm(r) - 13,
  disagreement: (r) => Math.min(Math.abs(lc(r) - lm(r)), 0.5) * 5,
};
function stacked(features: string[], ridge: number, intercept: boolean): Fit {
  return (win) => {
    const w = gridWeight(win);
    const X = win.map((r) => {
      const d = lc(r) - lm(r);
      return [1, d, ...features.map((f) => FEATURES[f]!(r) * d)];
    });
    const b = ladFit(
      X,
      win.map((r) => ly(r) - lm(r)),
      [0, w, ...features.map(() => 0)],
      [intercept ? ridge : 1e9, ridge, ...features.map(() => ridge)],
    );
    return (r) => {
      const wc = Math.min(
        1,
        Math.max(
          0,
          features.reduce((t, f, k) => t + b[2 + k]! * FEATURES[f]!(r), b[1]!),
        ),
      );
      return lm(r) + b[0]! + wc * (lc(r) - lm(r));
    };
  };
}

/**
 * A drift over the window's last `days`, on the blend (whole) or on each part before fitting the weight
 * (parts). The whole drift follows production's rule (blend.ts): at least 30 sales, shrunk with
 * DRIFT_PRIOR_SALES (or `n0`), bounded by ±DRIFT_CAP; the weight comes from `weightOf` (production: the grid).
 */
function drift(days: number, n0: number, parts: boolean, weightOf: (win: Dumped[], start: string) => number = (win) => gridWeight(win)): Fit {
  return (win, start) => {
    const from = dateOfDay(dayNumber(start) - days);
    const recent = win.filter((r) => r.date >= from);
    const shrunk = (xs: number[]) => (median(xs) * xs.length) / (xs.length + n0);
    if (parts) {
      const ac = shrunk(recent.map((r) => ly(r) - lc(r)));
      const am = shrunk(recent.map((r) => ly(r) - lm(r)));
      const w = gridWeight(win, (r, w) => w * (lc(r) + ac) + (1 - w) * (lm(r) + am));
      return (r) => w * (lc(r) + ac) + (1 - w) * (lm(r) + am);
    }
    const w = weightOf(win, start);
    const res = recent.map((r) => ly(r) - w * lc(r) - (1 - w) * lm(r));
    const a = res.length >= 30 ? Math.max(-DRIFT_CAP, Math.min(DRIFT_CAP, shrunk(res))) : 0;
    return (r) => w * lc(r) + (1 - w) * lm(r) + a;
  };
}

/** Production's drift (DRIFT_DAYS, DRIFT_PRIOR_SALES) on top of a weight chosen by `weightOf`. */
const withDrift = (weightOf: (win: Dumped[], start: string) => number): Fit => drift(DRIFT_DAYS, DRIFT_PRIOR_SALES, false, weightOf);

/** Weight by least mean of |error| capped at `cap` (a smoother objective than the median). */
function cappedMeanWeight(cap: number) {
  return (win: Dumped[]) => {
    let best = { w: 1, m: Number.POSITIVE_INFINITY };
    for (let k = 0; k <= 40; k++) {
      const w = k / 40;
      const m = win.reduce((t, r) => t + Math.min(cap, Math.abs(w * lc(r) + (1 - w) * lm(r) - ly(r))), 0) / win.length;
      if (m < best.m - 1e-12) best = { w, m };
    }
    return best.w;
  };
}
/** Weight on every row with a model in the `days` before the version (longer than the 91-day window). */
function longWindowWeight(days: number, f: (win: Dumped[]) => number = (w) => gridWeight(w)) {
  return (_win: Dumped[], start: string) => {
    const from = dateOfDay(dayNumber(start) - days);
    return f(rows.filter((r) => r.market != null && r.date >= from && r.date < start));
  };
}
/** The fitted weight smoothed across versions: w = a·fit + (1 − a)·previous version's w. */
function smoothedWeight(a: number, f: (win: Dumped[]) => number = (w) => gridWeight(w)) {
  let prev: number | null = null;
  return (win: Dumped[]) => {
    const w = f(win);
    prev = prev == null ? w : a * w + (1 - a) * prev;
    return prev;
  };
}

/** Where each sale is (lat, lng, zip), from the sales file (SALES, default the King County file). */
const place = new Map<string, { lat: number; lng: number; zip: string | null }>();
for (const s of parseCsv(readFileSync(process.env.SALES ?? 'data/king-county/sales_2014-05_2015-03.csv', 'utf8'))
  .map(rowToSale)
  .filter((x): x is Sale => x != null))
  place.set(s.id, { lat: s.latitude, lng: s.longitude, zip: s.postalCode });

/**
 * Drift + a local correction: the median forward residual of the blend among the k window sales nearest
 * the subject (or of its ZIP when k = 0), shrunk toward 0 with pseudo-count n0, bounded by ±cap.
 */
function localCorrection(k: number, n0: number, cap: number): Fit {
  return (win, start) => {
    const base = withDrift((w) => gridWeight(w))(win, start); // production's blend
    const res = win.map((r) => ({ r, e: ly(r) - base(r), p: place.get(r.id) }));
    return (r) => {
      const p = place.get(r.id);
      if (!p) return base(r);
      let near: number[];
      if (k === 0) near = res.filter((x) => x.p?.zip != null && x.p.zip === p.zip).map((x) => x.e);
      else {
        const c = Math.cos((p.lat * Math.PI) / 180);
        near = res
          .filter((x) => x.p)
          .map((x) => ({ e: x.e, d: (x.p!.lat - p.lat) ** 2 + ((x.p!.lng - p.lng) * c) ** 2 }))
          .sort((a, b) => a.d - b.d)
          .slice(0, k)
          .map((x) => x.e);
      }
      if (near.length === 0) return base(r);
      const m = (median(near) * near.length) / (near.length + n0);
      return base(r) + Math.max(-cap, Math.min(cap, m));
    };
  };
}

/**
 * A drift that follows the trend: medians of the blend's residuals over the two halves of the last `days`,
 * the level extrapolated from the recent half's middle to the week's middle (start + 3 d) with a share
 * `g` of the slope; each median shrunk (pseudo-count n0), the result capped at ±cap.
 */
function trendDrift(days: number, g: number, n0 = 200, cap = 0.03): Fit {
  return (win, start) => {
    const w = gridWeight(win);
    const s0 = dayNumber(start);
    const half = days / 2;
    const res = (from: number, to: number) =>
      win.filter((r) => dayNumber(r.date) >= from && dayNumber(r.date) < to).map((r) => ly(r) - w * lc(r) - (1 - w) * lm(r));
    const older = res(s0 - days, s0 - half);
    const recent = res(s0 - half, s0);
    const shrunk = (xs: number[]) => (xs.length ? (median(xs) * xs.length) / (xs.length + n0 / 2) : 0);
    const m1 = shrunk(older);
    const m2 = shrunk(recent);
    const a = Math.max(-cap, Math.min(cap, m2 + (g * (m2 - m1) * (half / 2 + 3)) / half));
    return (r) => w * lc(r) + (1 - w) * lm(r) + a;
  };
}

const ALTERNATIVES: Record<string, Fit> = {
  'trend drift 42 d g 1': trendDrift(42, 1),
  'trend drift 42 d g .5': trendDrift(42, 0.5),
  'trend drift 42 d g 0': trendDrift(42, 0),
  'trend drift 56 d g .5': trendDrift(56, 0.5),
  'trend drift 84 d g .5': trendDrift(84, 0.5),
  'trend drift 84 d g 1': trendDrift(84, 1),
  'drift + zip resid n0 50': localCorrection(0, 50, 0.05),
  'drift + zip resid n0 150': localCorrection(0, 150, 0.05),
  'drift + 40 nearest n0 40': localCorrection(40, 40, 0.05),
  'drift + 100 nearest n0 100': localCorrection(100, 100, 0.05),
  'drift + fixed 0.5': withDrift(() => 0.5),
  'drift + fixed 0.4': withDrift(() => 0.4),
  'drift + capped mean .2': withDrift(cappedMeanWeight(0.2)),
  'drift + capped mean .1': withDrift(cappedMeanWeight(0.1)),
  'drift + mean abs': withDrift(cappedMeanWeight(10)),
  'drift + 182 d median': withDrift(longWindowWeight(182)),
  'drift + 182 d capped .2': withDrift(longWindowWeight(182, cappedMeanWeight(0.2))),
  'drift + EMA 0.3': withDrift(smoothedWeight(0.3)),
  'drift + EMA 0.3 capped .2': withDrift(smoothedWeight(0.3, cappedMeanWeight(0.2))),
  'comps alone': () => lc,
  'model alone': () => lm,
  'global weight (before)': (win) => {
    const w = gridWeight(win);
    return (r) => w * lc(r) + (1 - w) * lm(r);
  },
  'drift 28 d': drift(28, 200, false),
  'drift 42 d (kept)': withDrift((w) => gridWeight(w)),
  'drift 91 d': drift(91, 200, false),
  'drift per part 42 d': drift(42, 200, true),
  'weight per u tertile': weightByTertile((r) => r.u, 300),
  'weight per price tertile': weightByTertile(lm, 300),
  'stacked u': stacked(['u'], 300, false),
  'stacked u+price+|d|': stacked(['u', 'price', 'disagreement'], 300, false),
  'stacked u+price+|d| +a': stacked(['u', 'price', 'disagreement'], 300, true),
};

const weekly = process.env.WEEKLY === '1';
console.log(`${rows.length} rows, ${subjects.length} subjects (${[...new Set(subjects.map((r) => r.date.slice(0, 7)))].sort().join(', ')})`);
production('production before (monthly)', false, false);
production('production, weekly', false, true);
production('production, monthly + drift', true, false);
production('production now (weekly+drift)', true, true);
if (!process.env.ONLY_PRODUCTION) {
  console.log(`alternatives (${weekly ? 'weekly' : 'monthly'} versions, WEEKLY=1 for weekly):`);
  for (const [name, fitBlend] of Object.entries(ALTERNATIVES)) {
    const out: { e: number; month: string }[] = [];
    for (const start of [...new Set(subjects.map((r) => versionStart(r.date, weekly)))].sort()) {
      const win = windowOf(start).filter((r) => r.market != null);
      const value = fitBlend(win, start);
      for (const r of subjects)
        if (r.market != null && versionStart(r.date, weekly) === start) out.push({ e: value(r) - ly(r), month: r.date.slice(0, 7) });
    }
    report(name, out);
  }
}

/**
 * HINDSIGHT=1: bounds no forward blend of these two parts can pass — the weight and drift chosen on the
 * subjects themselves (least median error; most within 20%), a drift per month in hindsight, and the
 * better part per subject (an oracle nobody has). Not a method: a ceiling for any blend of these parts.
 */
if (process.env.HINDSIGHT) {
  const both = subjects.filter((r) => r.market != null);
  const fitOn = (score: (es: number[]) => number) => {
    let best = { w: 1, a: 0, s: Number.POSITIVE_INFINITY, es: [] as number[] };
    for (let k = 0; k <= 20; k++)
      for (let j = -16; j <= 16; j++) {
        const es = both.map((r) => (k / 20) * lc(r) + (1 - k / 20) * lm(r) + j * 0.0025 - ly(r));
        const s = score(es);
        if (s < best.s) best = { w: k / 20, a: j * 0.0025, s, es };
      }
    return best;
  };
  const month = (r: Dumped) => r.date.slice(0, 7);
  const asOut = (es: number[]) => es.map((e, i) => ({ e, month: month(both[i]!) }));
  const med = fitOn((es) => median(es.map(Math.abs)));
  report(`hindsight w ${med.w} drift ${pct(med.a)}`, asOut(med.es));
  const w20 = fitOn((es) => -es.filter((e) => Math.abs(Math.expm1(e)) <= 0.2).length);
  report(`hindsight (most within 20%)`, asOut(w20.es));
  const perMonth = both.map((r) => med.w * lc(r) + (1 - med.w) * lm(r) - ly(r));
  for (const m of new Set(both.map(month))) {
    const idx = both.flatMap((r, i) => (month(r) === m ? [i] : []));
    const a = -median(idx.map((i) => perMonth[i]!));
    for (const i of idx) perMonth[i] = perMonth[i]! + a;
  }
  report('hindsight w + drift per month', asOut(perMonth));
  report('better part per subject', asOut(both.map((r) => (Math.abs(lc(r) - ly(r)) < Math.abs(lm(r) - ly(r)) ? lc(r) - ly(r) : lm(r) - ly(r)))));
  const tail = both.filter((r) => Math.abs(r.actual / Math.exp(med.w * lc(r) + (1 - med.w) * lm(r)) - 1) > 0.2);
  const bothOff = tail.filter((r) => {
    const ec = r.engine / r.actual - 1;
    const em = r.market! / r.actual - 1;
    return Math.abs(ec) > 0.2 && Math.abs(em) > 0.2 && Math.sign(ec) === Math.sign(em);
  });
  const sold = tail.filter((r) => Math.exp(med.w * lc(r) + (1 - med.w) * lm(r)) > r.actual);
  console.log(
    `  tail (> 20% off): ${tail.length} of ${both.length}; both parts > 20% off on the same side: ${bothOff.length}; sold below the estimate: ${sold.length}`,
  );
}
