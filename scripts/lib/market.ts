/**
 * The market model for the CLIs, as production runs it: a version each Monday (the worker's weekly
 * retraining) — trees trained on sales strictly before that Monday, blend (weight, market drift) and
 * range/tier calibration fitted on the forward backtest of the 91 days before it — rolling, earlier sales
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
    /** false: neither read nor write the disk cache (train everything now). */
    private readonly useCache = true,
  ) {
    const h = createHash('sha1');
    for (const s of sales) h.update(`${s.id},${s.closeDate},${s.closePrice},${s.grade ?? ''},${s.condition ?? ''}\n`);
    // The feature version and model options are part of the key: trees of other features are never reused.
    h.update(JSON.stringify({ params, features: MARKET_FEATURES_VERSION, options: MARKET_OPTIONS }));
    this.dir = join(cacheDir, market, h.digest('hex').slice(0, 12));
  }
  /** Trees trained on every sale strictly before `asOf`; null when the market has too few. */
  asOf(asOf: string): { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null {
    const cached = this.cached(asOf);
    if (cached !== undefined) return cached;
    const c0 = process.cpuUsage();
    const m = trainMarketTrees({ sales: this.sales, asOf, params: this.params });
    const c = process.cpuUsage(c0);
    this.trainCpuMs += (c.user + c.system) / 1000;
    this.remember(asOf, m);
    return m;
  }
  /** The trees of `asOf` from memory or the disk cache; undefined when not trained yet. */
  cached(asOf: string): { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null | undefined {
    if (this.memo.has(asOf)) return this.memo.get(asOf)!;
    const file = join(this.dir, `trees-${asOf}.json`);
    if (this.useCache && existsSync(file)) {
      try {
        const m = JSON.parse(readFileSync(file, 'utf8'));
        this.memo.set(asOf, m);
        return m;
      } catch {
        // half-written by a concurrent run: train again
      }
    }
    return undefined;
  }
  /** Trees just trained (here or elsewhere, e.g. in threads): kept in memory and in the disk cache. */
  remember(asOf: string, m: { gbt: MarketTrees; trainedOn: MarketModel['trainedOn'] } | null): void {
    this.trainedNow++;
    this.memo.set(asOf, m);
    if (!this.useCache) return;
    const file = join(this.dir, `trees-${asOf}.json`);
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(m));
    renameSync(tmp, file);
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
  return { engineValue: d.engineValue, u: d.u, marketValue, actual, sqftKnown: r.subject.sqftLiving != null, date: r.valuationDate.slice(0, 10) };
}

/**
 * Blend and calibration of the version made on `asOf` (a Monday, when the worker retrains): fitted on the
 * `history` rows of the 91 days before it (each sale with its comps result and its weekly model value,
 * earlier sales only) — what trainMarketVersion fits on.
 */
export function fitVersion(market: string, asOf: string, history: { date: string; row: BacktestRow }[]): ReturnType<typeof fitMarketVersion> {
  const from = dateOfDay(dayNumber(asOf) - CALIBRATION_DAYS);
  const rows = history.filter((h) => h.date >= from && h.date < asOf).map((h) => h.row);
  return fitMarketVersion(rows, { from, to: dateOfDay(dayNumber(asOf) - 1), label: market }, CALIBRATION);
}

/**
 * The model version in force on a date, as the worker's weekly retraining makes it: trees, blend and
 * calibration all as of the Monday of its week (memoised per week).
 */
export function versionCache(trees: WeeklyTrees, history: { date: string; row: BacktestRow }[]) {
  const fits = new Map<string, ReturnType<typeof fitMarketVersion>>();
  return (date: string): MarketModel | null => {
    const ws = weekStart(date);
    const t = trees.asOf(ws);
    if (!t) return null;
    let f = fits.get(ws);
    if (!f) {
      f = fitVersion(trees.market, ws, history);
      fits.set(ws, f);
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
 * date (applyMarketModel). Sales of the calibration windows before each week are valued too (from
 * strictly earlier sales) to fit that week's blend and calibration.
 */
export async function valueWithMarket(
  sales: Sale[],
  subjects: { subject: Subject; valuationDate: string }[],
  opts: MarketRunOptions,
): Promise<{
  results: SubjectResult[];
  trees: WeeklyTrees;
  versions: Map<string, MarketModel | null>;
  /** The calibration windows' rows (sale id, date, backtest row), as the weekly versions were fitted on. */
  history: { id: string; date: string; row: BacktestRow }[];
}> {
  const sample = opts.sample ?? 1;
  const trees = new WeeklyTrees(sales, opts.market, opts.gbtParams);
  const comps = await valueSubjects(sales, subjects, undefined, opts.params);
  // History: sales in the 91 days before each subject week's Monday, valued like subjects (reusing
  // subjects' results: a subject sold before a Monday is part of that week's version's backtest).
  const weeks = [...new Set(subjects.map((s) => weekStart(s.valuationDate)))].sort();
  const histFrom = weeks.length ? dateOfDay(dayNumber(weeks[0]!) - CALIBRATION_DAYS) : '';
  const histTo = weeks.length ? weeks[weeks.length - 1]! : '';
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
  const history: { id: string; date: string; row: BacktestRow }[] = [];
  for (const s of histSales) {
    const r = bySubjectId.get(s.id)!;
    const row = backtestRow(r, s.closePrice, trees.predict(r.subject, s.closeDate));
    if (row) history.push({ id: s.id, date: s.closeDate, row });
  }
  const version = versionCache(trees, history);
  const versions = new Map<string, MarketModel | null>();
  const results = comps.map((r) => {
    const v = version(r.valuationDate); // trains (or loads) the week's trees: not part of a valuation's time
    versions.set(weekStart(r.valuationDate), v);
    const t0 = performance.now();
    const { valuation, diagnostics } = applyMarketModel(r, r.subject, v);
    return { ...r, valuation, diagnostics, ms: r.ms + performance.now() - t0 };
  });
  return { results, trees, versions, history };
}
