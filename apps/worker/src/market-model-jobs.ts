import { TRAIN_MARKET_MODEL, type JobQueue, type TrainMarketModelJob } from '@opencma/queue';
import type { WorkerDeps } from './deps';
import { createMarketModels } from './tasks/market-models';
import { trainMarketModel } from './tasks/train-market-model';

const TRAINING_TIMEOUT_MS = 60 * 60_000;

/**
 * MARKET_MODEL=on: the deps get the market's stored models, the worker trains on train_market_model
 * jobs (one at a time: training is CPU-bound) and schedules retraining by MODEL_RETRAIN_CRON.
 * MARKET_MODEL=off: deps unchanged (comps alone), nothing trained or scheduled.
 */
export async function startMarketModelJobs(deps: WorkerDeps, queue: JobQueue): Promise<WorkerDeps> {
  const { config } = deps;
  if (config.MARKET_MODEL === 'off') return deps;
  const withModels: WorkerDeps = deps.marketModels
    ? deps
    : { ...deps, marketModels: createMarketModels({ db: deps.database.db, market: config.modelMarket, queue, logger: deps.logger }) };
  await queue.work<TrainMarketModelJob>(
    TRAIN_MARKET_MODEL,
    async (job) => {
      await trainMarketModel(withModels, job);
    },
    // Training King County takes ~100 s CPU; on a busy machine far longer in wall time.
    { concurrency: 1, timeoutMs: TRAINING_TIMEOUT_MS },
  );
  // The schedule lives in the queue's storage: turning it off must remove the one an earlier start made.
  if (config.MODEL_RETRAIN_CRON === 'off') await queue.unschedule(TRAIN_MARKET_MODEL);
  else await queue.schedule<TrainMarketModelJob>(TRAIN_MARKET_MODEL, config.MODEL_RETRAIN_CRON, { market: config.modelMarket });
  return withModels;
}
