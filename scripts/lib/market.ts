/**
 * The market model for the CLIs, as production would run it: trees retrained weekly (each trained on
 * sales strictly before its week's Monday), and each month's model version (blend weight + range/tier
 * calibration) fitted on the forward backtest of the 91 days before that month — rolling, earlier sales
 * only. Trained trees are cached on disk (.data/market-models/), keyed by the sales file and parameters,
 * so a rerun does not retrain; core stays pure, storage is here.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyMarketModel,
  type BacktestRow,
  type EngineParams,
  type Subject,
  CALIBRATION,
  CALIBRATION_DAYS,
  dateOfDay,
  dayNumber,
  fitMarketVersion,
  type GbtParams,
  MARKET_FEATURES_VERSION,
  MARKET_OPTIONS,
  type MarketModel,
  type MarketTrees,
  predictMarketValue,
  type Sale,
  trainMarketTrees,
  weekStart,
} from '@opencma/core';
import { type SubjectResult, valueSubjects } from './run';

export class WeeklyTrees {
  private readonly memo = new Map<string, { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null>();
  private readonly dir: string;
  trainedNow = 0;
  trainCpuMs = 0;
  constructor(
    private readonly sales: Sale[],
    readonly market: string,
    private readonly params: Partial<GbtParams> = {},
    cacheDir = '.data/market-models',
  ) {
    const h = createHash('sha1');
    for (const s of sales) h.update(`${s.id},${s.closeDate},${s.closePrice},${s.grade ?? ''},${s.condition ?? ''}\n`);
    // The feature version and model options are part of the key: trees of other features are never reused.
    h.update(JSON.stringify({ params, features: MARKET_FEATURES_VERSION, options: MARKET_OPTIONS }));
    this.dir = join(cacheDir, market, h.digest('hex').slice(0, 12));
  }
  /** Trees trained on every sale strictly before `asOf`; null when the market has too few. */
  asOf(asOf: string): { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null {
    if (this.memo.has(asOf)) return this.memo.get(asOf)!;
    const file = join(this.dir, `trees-${asOf}.json`);
    let m: { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null;
    let cached: { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null | undefined;
    if (existsSync(file)) {
      try {
        cached = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        cached = undefined; // half-written by a concurrent run: train again
      }
    }
    if (cached !== undefined) m = cached;
    else {
      const c0 = process.cpuUsage();
      m = trainMarketTrees({ sales: this.sales, asOf, params: this.params });
      const c = process.cpuUsage(c0);
      this.trainCpuMs += (c.user + c.system) / 1000;
      this.trainedNow++;
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(m));
      renameSync(tmp, file);
    }
    this.memo.set(asOf, m);
    return m;
  }
  /** The model value for a subject valued on `date`, from the trees of its week. */
  predict(home: Parameters<typeof predictMarketValue>[1], date: string): number | null {
    const t = this.asOf(weekStart(date));
    return t ? predictMarketValue(t.gbt, home, date) : null;
  }
}

export function backtestRow(r: SubjectResult, actual: number, marketValue: number | null): BacktestRow | null {
  const d = r.diagnostics;
  if (d.engineValue == null || d.u == null) return null;
  return { engineValue: d.engineValue, u: d.u, marketValue, actual, sqftKnown: r.subject.sqftLiving != null };
}

/**
 * Blend and calibration of a month's version: fitted on `history` rows of the 91 days before the first of
 * the month (each sale with its comps result and its weekly model value, earlier sales only).
 */
export function fitMonth(market: string, month: string, history: { date: string; row: BacktestRow }[]): ReturnType<typeof fitMarketVersion> {
  const monthStart = `${month}-01`;
  const from = dateOfDay(dayNumber(monthStart) - CALIBRATION_DAYS);
  const rows = history.filter((h) => h.date >= from && h.date < monthStart).map((h) => h.row);
  return fitMarketVersion(rows, { from, to: dateOfDay(dayNumber(monthStart) - 1), label: market }, CALIBRATION);
}

/** The model version in force on a date: trees of its week, blend and calibration of its month (memoised). */
export function versionCache(trees: WeeklyTrees, history: { date: string; row: BacktestRow }[]) {
  const fits = new Map<string, ReturnType<typeof fitMarketVersion>>();
  return (date: string): MarketModel | null => {
    const ws = weekStart(date);
    const t = trees.asOf(ws);
    if (!t) return null;
    const month = date.slice(0, 7);
    let f = fits.get(month);
    if (!f) {
      f = fitMonth(trees.market, month, history);
      fits.set(month, f);
    }
    return { version: `${trees.market}@${ws}`, market: trees.market, asOf: ws, trainedOn: t.trainedOn, gbt: t.gbt, ...f };
  };
}

export interface MarketRunOptions {
  market: string;
  /** Use every n-th sale of the calibration windows (speed). */
  sample?: number;
  params?: EngineParams;
  gbtParams?: Partial<GbtParams>;
}

/**
 * The production path for many subjects: comps engine, then the model version in force on each subject's
 * date (applyMarketModel). Sales of the calibration windows before each month are valued too (from
 * strictly earlier sales) to fit that month's blend and calibration.
 */
export async function valueWithMarket(
  sales: Sale[],
  subjects: { subject: Subject; valuationDate: string }[],
  opts: MarketRunOptions,
): Promise<{ results: SubjectResult[]; trees: WeeklyTrees; versions: Map<string, MarketModel | null> }> {
  const sample = opts.sample ?? 1;
  const trees = new WeeklyTrees(sales, opts.market, opts.gbtParams);
  const comps = await valueSubjects(sales, subjects, undefined, opts.params);
  // History: sales in the 91 days before each subject month, valued like subjects (reusing subjects' results).
  const months = [...new Set(subjects.map((s) => s.valuationDate.slice(0, 7)))].sort();
  const histFrom = months.length ? dateOfDay(dayNumber(`${months[0]}-01`) - CALIBRATION_DAYS) : '';
  const histTo = months.length ? `${months[months.length - 1]}-01` : '';
  const bySubjectId = new Map<string, SubjectResult>();
  comps.forEach((r) => {
    if (r.subject.mlsId) bySubjectId.set(r.subject.mlsId, r);
  });
  const histSales = sales.filter((s) => s.closeDate >= histFrom && s.closeDate < histTo).filter((_, i) => i % sample === 0);
  const missing = histSales.filter((s) => !bySubjectId.has(s.id));
  const extra = await valueSubjects(
    sales,
    missing.map((s) => ({ subject: { ...s, address: s.address ?? s.id, mlsId: s.id }, valuationDate: s.closeDate })),
    undefined,
    opts.params,
  );
  for (const r of extra) bySubjectId.set(r.subject.mlsId!, r);
  const history: { date: string; row: BacktestRow }[] = [];
  for (const s of histSales) {
    const r = bySubjectId.get(s.id)!;
    const row = backtestRow(r, s.closePrice, trees.predict(r.subject, s.closeDate));
    if (row) history.push({ date: s.closeDate, row });
  }
  const version = versionCache(trees, history);
  const versions = new Map<string, MarketModel | null>();
  const results = comps.map((r) => {
    const v = version(r.valuationDate); // trains (or loads) the week's trees: not part of a valuation's time
    versions.set(r.valuationDate.slice(0, 7), v);
    const t0 = performance.now();
    const { valuation, diagnostics } = applyMarketModel(r, r.subject, v);
    return { ...r, valuation, diagnostics, ms: r.ms + performance.now() - t0 };
  });
  return { results, trees, versions };
}
