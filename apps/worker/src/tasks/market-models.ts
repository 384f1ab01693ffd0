import { type MarketModel, usableMarketTrees } from '@opencma/core';
import { type Db, getActiveMarketModelHead, getMarketModel } from '@opencma/db';
import { TRAIN_MARKET_MODEL, type JobQueue, type TrainMarketModelJob } from '@opencma/queue';
import type { Logger } from 'pino';

/**
 * The worker's view of the market's stored models (decision 0023): the active version a report is
 * valued with, and a way to ask for one. A report never waits on training.
 */
export interface MarketModels {
  readonly market: string;
  /**
   * The active version, if it learned only from sales before `valuationDate` (a version trained on
   * later sales is never used for an earlier date); null → value with comps alone.
   */
  forValuation(valuationDate: string): Promise<MarketModel | null>;
  /** Enqueues training (at most one waiting per market); errors are logged, never thrown. */
  requestTraining(reason: string): Promise<void>;
}

export function createMarketModels(opts: { db: Db; market: string; queue: Pick<JobQueue, 'enqueue'>; logger: Logger }): MarketModels {
  // The trees are ~1 MB of JSON: read once per version, then only the small head on each report.
  let cached: { id: string; model: MarketModel } | null = null;
  return {
    market: opts.market,
    async forValuation(valuationDate) {
      const head = await getActiveMarketModelHead(opts.db, opts.market);
      if (!head || head.as_of > valuationDate) return null;
      if (cached?.id !== head.id) {
        const model = await getMarketModel(opts.db, head.id);
        if (!model) return null;
        // Trees stored before a change of the model's features cannot be used: comps alone, and the caller retrains.
        if (!usableMarketTrees(model.gbt)) return null;
        cached = { id: head.id, model };
      }
      return cached.model;
    },
    async requestTraining(reason) {
      try {
        const id = await opts.queue.enqueue<TrainMarketModelJob>(TRAIN_MARKET_MODEL, { market: opts.market }, { dedupeKey: `train:${opts.market}` });
        opts.logger.info({ market: opts.market, job_id: id, reason }, id ? 'market model training enqueued' : 'market model training already queued');
      } catch (err) {
        opts.logger.warn({ market: opts.market, err: (err as Error).message }, 'could not enqueue market model training');
      }
    },
  };
}
