/**
 * One version of a market's model, made the same way by the worker's scheduled retraining and by
 * `npm run train-model` (decision 0023):
 *
 * 1. every sale of the CALIBRATION_DAYS before `asOf` is valued from strictly earlier sales — the comps
 *    engine over an in-memory polygon search (collectCandidateSales, as in production) and the trees of
 *    its week (trained on sales strictly before that Monday);
 * 2. the blend weight and the range/tier calibration are fitted on those rows (fitMarketVersion);
 * 3. the version's trees are trained on every sale strictly before `asOf`.
 *
 * Sales on or after `asOf` are dropped first, so no step can see them. Pure and deterministic; async
 * only so that a long run yields between valuations (`pause`), callers may cache trees (`treesAsOf`) and
 * train all the dates' trees at once elsewhere, e.g. in worker threads (`trainTreesMany`, decision 0038).
 */
import { dateOfDay, dayNumber, weekStart } from '../dates';
import type { Sale } from '../report-model';
import { SaleGrid } from '../sale-grid';
import { collectCandidateSales } from '../search';
import { valueFromComps } from '../valuation';
import { type BacktestRow, fitMarketVersion } from './blend';
import type { GbtParams } from './gbt';
import { type MarketModel, predictMarketValue, trainMarketTrees, trainMarketTreesPausing } from './model';

/** Days of forward backtest a version's blend and calibration are fitted on. */
export const CALIBRATION_DAYS = 91;

/** A date's trees (trainMarketTrees on the sales strictly before it); null when too few sales. */
export type VersionTrees = ReturnType<typeof trainMarketTrees>;
type Trees = VersionTrees;

export interface TrainVersionInput {
  market: string;
  /** Every closed sale the MLS holds for the market (later ones are ignored). */
  sales: Sale[];
  /** YYYY-MM-DD: the version learns only from sales closed strictly before it. */
  asOf: string;
  gbtParams?: Partial<GbtParams>;
  /** Trees as of a date (strictly earlier sales of `sales`); default trains them. A cache hook for the CLIs. */
  treesAsOf?: (asOf: string) => Trees;
  /**
   * Awaited every few trees and every few valuations, so a long run in a server process lets other work
   * (reports, connection timers) run in between; the worker passes setImmediate. Same result either way.
   */
  pause?: () => Promise<void>;
  /**
   * Trains the trees of many dates at once (e.g. in worker threads; apps/worker/src/training/tree-pool.ts):
   * given every date the version needs — `asOf` first, then each validation-window week — it resolves
   * each date's trees, trainMarketTrees({ sales, asOf: date, params: gbtParams }) of the `sales` given
   * here. Asked once, before anything else; the version is then made exactly as without it (trees are
   * deterministic, so the result is identical). Takes precedence over `treesAsOf`.
   */
  trainTreesMany?: (dates: string[]) => Promise<Map<string, Trees>>;
}

/** Every date whose trees a version as of `asOf` needs: `asOf` itself, then each window sale's week (ascending). */
function versionTreeDates(sales: readonly Sale[], asOf: string): string[] {
  const from = dateOfDay(dayNumber(asOf) - CALIBRATION_DAYS);
  const weeks = new Set<string>();
  for (const s of sales) {
    const date = s.closeDate.slice(0, 10);
    if (s.closeDate >= from && date < asOf) weeks.add(weekStart(date));
  }
  return [asOf, ...[...weeks].filter((w) => w !== asOf).sort()];
}

export async function trainMarketVersion(input: TrainVersionInput): Promise<MarketModel | null> {
  const { market, asOf } = input;
  if (Number.isNaN(dayNumber(asOf))) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const known = input.sales.filter((s) => s.closeDate.slice(0, 10) < asOf);
  const memo = new Map<string, Trees>();
  if (input.trainTreesMany) {
    const dates = versionTreeDates(known, asOf);
    const trained = await input.trainTreesMany(dates);
    for (const date of dates) {
      if (!trained.has(date)) throw new Error(`trainTreesMany returned no trees for ${date}`);
      memo.set(date, trained.get(date)!);
    }
  }
  const treesAt = async (date: string): Promise<Trees> => {
    if (!memo.has(date)) {
      const train = { sales: known, asOf: date, params: input.gbtParams };
      memo.set(
        date,
        input.treesAsOf ? input.treesAsOf(date) : input.pause ? await trainMarketTreesPausing(train, input.pause) : trainMarketTrees(train),
      );
    }
    return memo.get(date)!;
  };
  const final = await treesAt(asOf);
  if (!final) return null;

  const from = dateOfDay(dayNumber(asOf) - CALIBRATION_DAYS);
  const window = known.filter((s) => s.closeDate >= from);
  const grid = new SaleGrid(known);
  const rows: BacktestRow[] = [];
  for (const [i, sale] of window.entries()) {
    if (input.pause && i % 5 === 0) await input.pause();
    const date = sale.closeDate.slice(0, 10);
    const subject = { ...sale, address: sale.address ?? sale.id, mlsId: sale.id };
    const search = async (polygon: Array<{ lat: number; lng: number }>) => grid.search(polygon, date);
    const { sales: candidates } = await collectCandidateSales(search, subject, date);
    const { diagnostics } = valueFromComps({ subject, sales: candidates, valuationDate: date });
    if (diagnostics.engineValue == null || diagnostics.u == null) continue;
    const week = await treesAt(weekStart(date));
    rows.push({
      engineValue: diagnostics.engineValue,
      u: diagnostics.u,
      marketValue: week ? predictMarketValue(week.gbt, subject, date) : null,
      actual: sale.closePrice,
      sqftKnown: subject.sqftLiving != null,
      date,
    });
  }
  const fitted = fitMarketVersion(rows, { from, to: dateOfDay(dayNumber(asOf) - 1), label: market });
  return { version: `${market}@${asOf}`, market, asOf, trainedOn: final.trainedOn, gbt: final.gbt, ...fitted };
}
