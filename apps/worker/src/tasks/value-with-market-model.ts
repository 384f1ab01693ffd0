import { estimateValue, type EstimateInput, type Valuation } from '@opencma/core';
import type { WorkerDeps } from '../deps';

export const NO_MODEL_NOTE = 'No market model has been trained for this market yet, so the estimate uses comparable sales alone.';

/**
 * The estimate with the market's active model (comps blended with it, its calibration). Without a
 * usable model the comps stand alone, the notes say so, and training is enqueued — the report does
 * not wait for it. A failure to read the model never fails the report: it is valued with comps alone.
 */
export async function valueWithMarketModel(deps: WorkerDeps, input: Omit<EstimateInput, 'market'>): Promise<Valuation> {
  const models = deps.marketModels;
  if (!models) return estimateValue(input);
  let market = null;
  try {
    market = await models.forValuation(input.valuationDate);
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, market: models.market }, 'market model could not be read; valuing with comps alone');
  }
  const valuation = estimateValue({ ...input, market });
  if (market) return valuation;
  await models.requestTraining('no usable model for a report');
  return valuation.estimate ? { ...valuation, notes: [...valuation.notes, NO_MODEL_NOTE] } : valuation;
}
