/**
 * Experimental blend lab (scratch): re-fits blends on dumped backtest rows.
 * usage: npx tsx /tmp/blend/lab0.ts /tmp/blend/kc-octdec
 */
import { readFileSync } from 'node:fs';
import { type BacktestRow, CALIBRATION, CALIBRATION_DAYS, type ConfidenceTier, dateOfDay, dayNumber, fitMarketVersion, type MarketBlend, weekStart } from '@opencma/core';
const WEEKLY = process.env.WEEKLY === '1';

interface R {
  id: string;
  date: string;
  actual: number;
  engine: number;
  market: number | null;
  u: number;
}
const bases = process.argv.slice(2);
const subj: R[] = bases.flatMap((base) => JSON.parse(readFileSync(`${base}.json`, 'utf8')).filter((r: R) => r.engine != null && r.u != null));
const hist: R[] = bases.flatMap((base) => JSON.parse(readFileSync(`${base}-history.json`, 'utf8')));
const all = new Map<string, R>();
for (const r of [...hist, ...subj]) all.set(r.id, r);
const rows = [...all.values()].sort((a, b) => (a.date < b.date ? -1 : 1));

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
};
const med = (xs: number[]) => q(xs, 0.5);

type Fit = (win: R[], monthStart: string) => (r: R) => number; // → log value

const lc = (r: R) => Math.log(r.engine);
const lm = (r: R) => Math.log(r.market ?? r.engine);
const ly = (r: R) => Math.log(r.actual);

function gridW(win: R[], f: (r: R, w: number) => number = (r, w) => w * lc(r) + (1 - w) * lm(r)) {
  let best = { w: 1, m: Infinity };
  for (let k = 0; k <= 20; k++) {
    const w = k / 20;
    const m = med(win.map((r) => Math.abs(f(r, w) - ly(r))));
    if (m < best.m - 1e-9) best = { w, m };
  }
  return best.w;
}

/** weighted least squares with a ridge toward prior; IRLS for LAD */
function ladFit(X: number[][], y: number[], prior: number[], lambda: number[], iters = 30): number[] {
  const p = prior.length;
  let b = [...prior];
  for (let it = 0; it < iters; it++) {
    const A = Array.from({ length: p }, () => new Array(p).fill(0));
    const c = new Array(p).fill(0);
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      let r = y[i]!;
      for (let j = 0; j < p; j++) r -= x[j]! * b[j]!;
      const w = 1 / Math.max(Math.abs(r), 0.01);
      for (let j = 0; j < p; j++) {
        c[j] += w * x[j]! * y[i]!;
        for (let k = 0; k < p; k++) A[j]![k] += w * x[j]! * x[k]!;
      }
    }
    // normalise lambda by sum of weights so it acts like pseudo-rows
    for (let j = 0; j < p; j++) {
      A[j]![j] += lambda[j]!;
      c[j] += lambda[j]! * prior[j]!;
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
      const f = M[k]![i]! / M[i]![i]!;
      const row = M[k]!;
      for (let j = i; j <= n; j++) row[j] = row[j]! - f * M[i]![j]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

const variants: Record<string, Fit> = {
  model0: () => lm,
  global: (win) => {
    const w = gridW(win);
    return (r) => w * lc(r) + (1 - w) * lm(r);
  },
  half: () => (r) => 0.5 * lc(r) + 0.5 * lm(r),
};
// bias / drift on recent residuals
for (const days of [14, 28, 42, 91]) {
  for (const n0 of [0, 200, 1000]) {
    variants[`drift${days}/n0=${n0}`] = (win, ms) => {
      const w = gridW(win);
      const from = dateOfDay(dayNumber(ms) - days);
      const rec = win.filter((r) => r.date >= from).map((r) => ly(r) - (w * lc(r) + (1 - w) * lm(r)));
      const d = (med(rec) * rec.length) / (rec.length + n0);
      return (r) => w * lc(r) + (1 - w) * lm(r) + d;
    };
  }
}
// drift separately on comps and model residuals
// w per u tertile, shrunk toward global
for (const s0 of [0, 300, 1000]) {
  variants[`wByU3/s0=${s0}`] = (win) => {
    const w = gridW(win);
    const us = win.map((r) => r.u);
    const t1 = q(us, 1 / 3);
    const t2 = q(us, 2 / 3);
    const tier = (r: R) => (r.u < t1 ? 0 : r.u < t2 ? 1 : 2);
    const ws = [0, 1, 2].map((t) => {
      const g = win.filter((r) => tier(r) === t);
      const wt = gridW(g);
      return w + ((wt - w) * g.length) / (g.length + s0);
    });
    return (r) => ws[tier(r)]! * lc(r) + (1 - ws[tier(r)]!) * lm(r);
  };
}
// stacked LAD: y - lm = a + b*d + c*u*d + e*|d|*d ; prior (0,w,0)
for (const lam of [0, 30, 100, 300]) {
  for (const withA of [false, true]) {
    variants[`stack lam=${lam}${withA ? ' +a' : ''}`] = (win) => {
      const w = gridW(win);
      const X = win.map((r) => {
        const d = lc(r) - lm(r);
        return [1, d, (r.u - 0.15) * d * 10];
      });
      const y = win.map((r) => ly(r) - lm(r));
      const b = ladFit(X, y, [0, w, 0], [withA ? lam : 1e9, lam, lam]);
      return (r) => {
        const d = lc(r) - lm(r);
        const wc = Math.min(1, Math.max(0, b[1]! + b[2]! * (r.u - 0.15) * 10));
        return lm(r) + b[0]! + wc * d;
      };
    };
  }
}
// general stacked LAD: y - lm = a + d*(b0 + b1*(u-0.15)*10 + b2*(lm-13)+ b3*|d|)
const FEATS: Record<string, (r: R) => number> = {
  u: (r) => (r.u - 0.15) * 10,
  p: (r) => lm(r) - 13,
  ad: (r) => Math.min(Math.abs(lc(r) - lm(r)), 0.5) * 5,
};
function stackFit(feats: string[], lam: number, intercept: boolean, recentDays = 0): Fit {
  return (win, ms) => {
    const w = gridW(win);
    const X = win.map((r) => {
      const d = lc(r) - lm(r);
      return [1, d, ...feats.map((f) => FEATS[f]!(r) * d)];
    });
    const y = win.map((r) => ly(r) - lm(r));
    const b = ladFit(X, y, [0, w, ...feats.map(() => 0)], [intercept && !recentDays ? lam : 1e9, lam, ...feats.map(() => lam)]);
    const pred = (r: R) => {
      const d = lc(r) - lm(r);
      let wc = b[1]!;
      feats.forEach((f, k) => {
        wc += b[2 + k]! * FEATS[f]!(r);
      });
      wc = Math.min(1, Math.max(0, wc));
      return lm(r) + wc * d;
    };
    let a = b[0]!;
    if (recentDays) {
      const from = dateOfDay(dayNumber(ms) - recentDays);
      const rec = win.filter((r) => r.date >= from).map((r) => ly(r) - pred(r));
      a = (med(rec) * rec.length) / (rec.length + lam);
    }
    return (r) => pred(r) + a;
  };
}
for (const lam of [30, 300, 1000]) {
  for (const feats of [['u'], ['p'], ['u', 'p'], ['u', 'p', 'ad']]) {
    variants[`st ${feats.join('')} l${lam}`] = stackFit(feats, lam, false);
    variants[`st ${feats.join('')} l${lam} +a`] = stackFit(feats, lam, true);
    variants[`st ${feats.join('')} l${lam} +a42`] = stackFit(feats, lam, true, 42);
  }
}
// per-part drift: each part corrected by its recent median residual, then w on the corrected parts
for (const days of [28, 42, 91]) {
  for (const n0 of [200, 1000]) {
    variants[`parts${days}/n0=${n0}`] = (win, ms) => {
      const from = dateOfDay(dayNumber(ms) - days);
      const rec = win.filter((r) => r.date >= from);
      const sh = (xs: number[]) => (med(xs) * xs.length) / (xs.length + n0);
      const ac = sh(rec.map((r) => ly(r) - lc(r)));
      const am = sh(rec.map((r) => ly(r) - lm(r)));
      const w = gridW(win, (r, w) => w * (lc(r) + ac) + (1 - w) * (lm(r) + am));
      return (r) => w * (lc(r) + ac) + (1 - w) * (lm(r) + am);
    };
  }
}
// w by price tertile (model value), shrunk
for (const s0 of [0, 300, 1000]) {
  variants[`wByP3/s0=${s0}`] = (win) => {
    const w = gridW(win);
    const ps = win.map(lm);
    const t1 = q(ps, 1 / 3);
    const t2 = q(ps, 2 / 3);
    const tier = (r: R) => (lm(r) < t1 ? 0 : lm(r) < t2 ? 1 : 2);
    const ws = [0, 1, 2].map((t) => {
      const g = win.filter((r) => tier(r) === t);
      const wt = gridW(g);
      return w + ((wt - w) * g.length) / (g.length + s0);
    });
    return (r) => ws[tier(r)]! * lc(r) + (1 - ws[tier(r)]!) * lm(r);
  };
}

function evaluate(name: string, fit: Fit, months: string[]) {
  const errs: number[] = [];
  const perMonth: string[] = [];
  for (const m of months) {
    if (m < MIN_MONTH) continue;
    const tgt = subj.filter((r) => r.date.startsWith(m) && r.market != null);
    const e: number[] = [];
    const starts = WEEKLY ? [...new Set(tgt.map((r) => weekStart(r.date)))] : [`${m}-01`];
    for (const ms of starts) {
      const from = dateOfDay(dayNumber(ms) - CALIBRATION_DAYS);
      const win = rows.filter((r) => r.date >= from && r.date < ms && r.market != null);
      const pred = fit(win, ms);
      for (const r of tgt) if (!WEEKLY || weekStart(r.date) === ms) e.push(pred(r) - ly(r));
    }
    perMonth.push(`${m} ${(100 * med(e.map((x) => Math.abs(Math.expm1(x))))).toFixed(2)}`);
    errs.push(...e);
  }
  const ae = errs.map((x) => Math.abs(Math.expm1(x)));
  const within = (t: number) => ae.filter((x) => x <= t).length / ae.length;
  console.log(
    `${name.padEnd(22)} mdae ${(100 * med(ae)).toFixed(2)}  w10 ${(100 * within(0.1)).toFixed(1)}  w20 ${(100 * within(0.2)).toFixed(1)}  bias ${(100 * med(errs.map(Math.expm1))).toFixed(2)}  | ${perMonth.join('  ')}`,
  );
}

/**
 * The production fit (fitMarketVersion, as trainMarketVersion and the backtest call it) on each week's
 * 91-day window, applied as applyMarketModel does: the backtest's numbers without re-running it.
 * `withDrift` false: rows without dates (no market drift), i.e. the blend before the drift.
 */
function production(label: string, withDrift: boolean, weekly: boolean) {
  const toRow = (r: R): BacktestRow => ({
    engineValue: r.engine,
    u: r.u,
    marketValue: r.market,
    actual: r.actual,
    sqftKnown: true,
    ...(withDrift ? { date: r.date } : {}),
  });
  const out: { e: number; tier: ConfidenceTier; inRange: boolean; month: string }[] = [];
  const drifts: string[] = [];
  const tgt = subj.filter((r) => r.date.slice(0, 7) >= MIN_MONTH);
  const starts = [...new Set(tgt.map((r) => (weekly ? weekStart(r.date) : `${r.date.slice(0, 7)}-01`)))].sort();
  for (const ms of starts) {
    const from = dateOfDay(dayNumber(ms) - CALIBRATION_DAYS);
    const win = rows.filter((r) => r.date >= from && r.date < ms).map(toRow);
    const f = fitMarketVersion(win, { from, to: dateOfDay(dayNumber(ms) - 1), label: 'lab' }, CALIBRATION);
    const b = f.blend as MarketBlend;
    const drift = b.drift ?? 0;
    drifts.push(`${ms.slice(5)} ${(100 * drift).toFixed(2)}`);
    const c = f.calibration;
    for (const r of tgt) {
      if ((weekly ? weekStart(r.date) : `${r.date.slice(0, 7)}-01`) !== ms) continue;
      const withModel = r.market != null;
      const w = withModel ? b.compsWeight : 1;
      const v = w * lc(r) + (1 - w) * lm(r) + (withModel ? drift : 0);
      const d = lc(r) - lm(r);
      const u = withModel && w < 1 ? Math.sqrt(r.u * r.u + (c.disagreement ?? 0) * d * d) : r.u;
      const tier: ConfidenceTier = u < c.highMaxU ? 'high' : u < c.mediumMaxU ? 'medium' : 'low';
      out.push({ e: v - ly(r), tier, inRange: Math.abs(v - ly(r)) <= c.k[tier] * u, month: r.date.slice(0, 7) });
    }
  }
  const ae = out.map((x) => Math.abs(Math.expm1(x.e)));
  const within = (t: number) => ae.filter((x) => x <= t).length / ae.length;
  const tiers = (['high', 'medium', 'low'] as ConfidenceTier[]).map((t) => {
    const g = out.filter((x) => x.tier === t);
    return `${t} ${(100 * med(g.map((x) => Math.abs(Math.expm1(x.e))))).toFixed(2)} (cov ${((100 * g.filter((x) => x.inRange).length) / g.length).toFixed(1)})`;
  });
  const byMonth = [...new Set(out.map((x) => x.month))].map((m) => `${m} ${(100 * med(out.filter((x) => x.month === m).map((x) => Math.abs(Math.expm1(x.e))))).toFixed(2)}`);
  console.log(
    `${label.padEnd(22)} mdae ${(100 * med(ae)).toFixed(2)}  w10 ${(100 * within(0.1)).toFixed(1)}  w20 ${(100 * within(0.2)).toFixed(1)}  bias ${(100 * med(out.map((x) => Math.expm1(x.e)))).toFixed(2)}  coverage ${((100 * out.filter((x) => x.inRange).length) / out.length).toFixed(1)}  | ${tiers.join('  ')} | ${byMonth.join('  ')}`,
  );
  if (process.env.DRIFTS) console.log(`  drift by version (log %): ${drifts.join(', ')}`);
}

const MIN_MONTH = process.env.MIN_MONTH ?? '0000';
const months = [...new Set(subj.map((r) => r.date.slice(0, 7)))].sort();
console.log(`rows ${rows.length}, subjects ${subj.length}, months ${months.join(',')}`);
production('production, monthly', false, false);
production('production, weekly', false, true);
production('+ drift, monthly', true, false);
production('+ drift, weekly', true, true);
if (process.env.ONLY_PRODUCTION) process.exit(0);
evaluate('comps', () => lc, months);
evaluate('model', () => lm, months);
for (const [k, f] of Object.entries(variants)) evaluate(k, f, months);
void fitMarketVersion;
