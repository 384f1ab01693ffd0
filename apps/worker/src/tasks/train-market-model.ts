import { type MarketBlend, trainMarketVersion, trainingSales, usableMarketTrees } from '@opencma/core';
import { getActiveMarketModelHead, getMarketModel, storeMarketModel } from '@opencma/db';
import type { QueueJob, TrainMarketModelJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { trainTreesInThreads } from '../training/tree-pool';
import { toIsoDate, valuationDateFor } from './valuation-date';

export type TrainOutcome = 'stored' | 'up-to-date' | 'too-few-sales';

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * train_market_model: reads every closed sale from the MLS, trains a version as of the date reports
 * are valued at now (today, or the day after the newest sale when the data is stale — decision 0004),
 * so it learns only from sales before that date, and stores it as the market's active version.
 * Skipped when the active version already has that date and those sales (a retried or repeated job) and
 * its trees are of the current feature version.
 */
export async function trainMarketModel(deps: WorkerDeps, job: QueueJob<TrainMarketModelJob>): Promise<TrainOutcome> {
  const { market } = job.data;
  const log = deps.logger.child({ job_id: job.id, market });
  const sales = await deps.mls.allClosedSales();
  const asOf = valuationDateFor(toIsoDate(deps.now()), sales);
  const before = trainingSales(sales, asOf).length;
  const { db } = deps.database;
  const active = await getActiveMarketModelHead(db, market);
  // Up to date only when its trees are also usable by this code (not stored before a change of the model's features).
  const activeUsable = async (id: string) => {
    const m = await getMarketModel(db, id);
    return m != null && usableMarketTrees(m.gbt);
  };
  if (active && active.as_of === asOf && active.sales_count === before && (await activeUsable(active.id))) {
    log.info({ version: active.version }, 'market model up to date; not retrained');
    return 'up-to-date';
  }
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  // MODEL_TRAINING_THREADS > 1: every date's trees in worker threads, this event loop free for reports (decision 0038).
  const threads = deps.config.modelTrainingThreads;
  const trainTreesMany = threads > 1 ? (dates: string[]) => trainTreesInThreads({ sales, threads }, dates) : undefined;
  const model = await trainMarketVersion({ market, sales, asOf, pause, trainTreesMany });
  const cpu = process.cpuUsage(cpu0);
  const took = {
    threads: Math.max(1, threads),
    wall_s: Math.round(performance.now() - started) / 1000,
    cpu_s: Math.round((cpu.user + cpu.system) / 1000) / 1000,
  };
  if (!model) {
    log.warn({ sales: before, as_of: asOf, ...took }, 'too few sales for a market model; reports use comps alone');
    return 'too-few-sales';
  }
  const stored = await storeMarketModel(db, model, deps.now());
  log.info(
    {
      version: stored.version,
      sales: model.trainedOn.sales,
      comps_weight: model.blend.compsWeight,
      market_drift: (model.blend as MarketBlend).drift ?? 0,
      validation: model.validation,
      ...took,
    },
    'market model trained and activated',
  );
  return 'stored';
}
