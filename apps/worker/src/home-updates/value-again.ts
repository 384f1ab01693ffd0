import { type ConsumerReport, skipHomeUpdate } from '@opencma/db';
import { PermanentJobFailure } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { gatherValuation, type Gathered } from '../tasks/process-consumer-report';
import { mlsAsOf } from './mls-as-of';

export interface HomeValuedAgain {
  gathered: Gathered;
  /** The estimate in whole dollars, as the update and its row carry it. */
  estimate: { value: number; low: number; high: number } | null;
  /** What the update's row records of it when claimed. */
  columns: { valuation: Gathered['valuation']; estimate_value: number | null; estimate_low: number | null; estimate_high: number | null };
}

/**
 * Values an update's home again through the report's own path (gatherValuation), as of `asOf` when the
 * cycle runs at a past date, for the e-mail and the text alike. A home that cannot be valued any more
 * marks the update failed ('failed'); anything else throws and the queue retries.
 */
export async function valueHomeAgain(deps: WorkerDeps, report: ConsumerReport, updateId: string, asOf?: string): Promise<HomeValuedAgain | 'failed'> {
  const valuingDeps = asOf ? { ...deps, now: () => new Date(`${asOf}T12:00:00Z`), mls: mlsAsOf(deps.mls, asOf) } : deps;
  let gathered: Gathered;
  try {
    gathered = await gatherValuation(valuingDeps, report);
  } catch (err) {
    if (!(err instanceof PermanentJobFailure)) throw err; // the queue retries
    await skipHomeUpdate(deps.database.db, updateId, `could not be valued: ${err.message}`.slice(0, 500));
    return 'failed';
  }
  const { valuation } = gathered;
  const estimate = valuation.estimate
    ? { value: Math.round(valuation.estimate.value), low: Math.round(valuation.estimate.low), high: Math.round(valuation.estimate.high) }
    : null;
  return {
    gathered,
    estimate,
    columns: { valuation, estimate_value: estimate?.value ?? null, estimate_low: estimate?.low ?? null, estimate_high: estimate?.high ?? null },
  };
}
