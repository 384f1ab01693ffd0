import { findPendingHomeUpdateIds, markStaleHomeUpdateClaims, planHomeUpdateBatch } from '@opencma/db';
import { SEND_HOME_UPDATE, type JobQueue, type SendHomeUpdateJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { toIsoDate } from '../tasks/valuation-date';

const BATCH = 500;

const sendSoon = (queue: JobQueue, id: string, asOf: string | undefined) =>
  queue.enqueue<SendHomeUpdateJob>(SEND_HOME_UPDATE, { update_id: id, ...(asOf ? { as_of: asOf } : {}) }, { dedupeKey: id });

/**
 * plan_home_updates (decision 0028): in batches of subscriptions (by id), a pending home_updates row
 * per due subscription for the period (INSERT … ON CONFLICT DO NOTHING: a second run of a period plans
 * nothing) and one send_home_update job per new row. No job holds the whole cycle.
 */
export async function planHomeUpdates(
  deps: Pick<WorkerDeps, 'database' | 'logger' | 'now'>,
  queue: JobQueue,
  opts: { asOf?: string; batchSize?: number } = {},
): Promise<{ period: string; planned: number }> {
  const period = (opts.asOf ?? toIsoDate(deps.now())).slice(0, 7);
  let afterId: string | null = null;
  let planned = 0;
  for (;;) {
    const batch = await planHomeUpdateBatch(deps.database.db, { period, afterId, limit: opts.batchSize ?? BATCH });
    if (!batch.lastId) break;
    await Promise.all(batch.created.map((id) => sendSoon(queue, id, opts.asOf)));
    planned += batch.created.length;
    afterId = batch.lastId;
  }
  deps.logger.info({ period, planned }, 'home updates planned');
  return { period, planned };
}

/**
 * The sweeper's part: updates still pending a while after they were planned lost their job and are
 * queued again (a past period is valued as of its first day); updates left `sending` by a worker that
 * died become `unknown`, never sent twice.
 */
export async function sweepHomeUpdates(
  deps: Pick<WorkerDeps, 'database' | 'logger' | 'now'>,
  queue: JobQueue,
  opts: { pendingAfterMs?: number; claimStaleAfterMs: number },
): Promise<{ requeued: number; unknown: number }> {
  const now = deps.now();
  const currentPeriod = toIsoDate(now).slice(0, 7);
  const pending = await findPendingHomeUpdateIds(deps.database.db, new Date(now.getTime() - (opts.pendingAfterMs ?? 60_000)), 1000, now);
  for (const { id, period } of pending) await sendSoon(queue, id, period < currentPeriod ? `${period}-01` : undefined);
  const unknown = await markStaleHomeUpdateClaims(deps.database.db, new Date(now.getTime() - opts.claimStaleAfterMs));
  if (pending.length || unknown) deps.logger.warn({ requeued: pending.length, unknown }, 'home updates swept');
  return { requeued: pending.length, unknown };
}
