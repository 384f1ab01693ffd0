import { findPendingHomeUpdateIds, markStaleHomeUpdateClaims, planHomeUpdateBatch } from '@opencma/db';
import { PLAN_HOME_UPDATES, SEND_HOME_UPDATE, type JobQueue, type PlanHomeUpdatesJob, type SendHomeUpdateJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { toIsoDate } from '../tasks/valuation-date';

const BATCH = 500;

const sendSoon = (queue: JobQueue, id: string, asOf: string | undefined) =>
  queue.enqueue<SendHomeUpdateJob>(SEND_HOME_UPDATE, { update_id: id, ...(asOf ? { as_of: asOf } : {}) }, { dedupeKey: id });

/** A batch's send_home_update jobs (dedupe key = the update's id) in one round trip (decision 0037). */
const sendAllSoon = (queue: JobQueue, ids: readonly string[], asOf: string | undefined) =>
  queue.enqueueMany<SendHomeUpdateJob>(
    SEND_HOME_UPDATE,
    ids.map((id) => ({ data: { update_id: id, ...(asOf ? { as_of: asOf } : {}) }, dedupeKey: id })),
  );

/**
 * plan_home_updates (decisions 0028, 0037): one batch of subscriptions (by id) per job — a pending
 * home_updates row per due subscription for the period (INSERT … ON CONFLICT DO NOTHING: a second run
 * of a period plans nothing) and one send_home_update job per new row — then the next batch is queued
 * as a job of its own (deduplicated by period and cursor). No job holds the whole cycle: a worker that
 * dies mid-plan loses at most one batch's jobs (the rows stay pending and the sweeper queues them).
 */
export async function planHomeUpdates(
  deps: Pick<WorkerDeps, 'database' | 'logger' | 'now'>,
  queue: JobQueue,
  opts: { asOf?: string; period?: string; afterId?: string; batchSize?: number } = {},
): Promise<{ period: string; planned: number; next: string | null }> {
  const period = opts.period ?? (opts.asOf ?? toIsoDate(deps.now())).slice(0, 7);
  const limit = opts.batchSize ?? BATCH;
  const batch = await planHomeUpdateBatch(deps.database.db, { period, afterId: opts.afterId ?? null, limit });
  await sendAllSoon(queue, batch.created, opts.asOf);
  const next = batch.lastId && batch.seen === limit ? batch.lastId : null;
  if (next) {
    await queue.enqueue<PlanHomeUpdatesJob>(
      PLAN_HOME_UPDATES,
      { ...(opts.asOf ? { as_of: opts.asOf } : {}), period, after_id: next },
      { dedupeKey: `plan:${period}:${next}` },
    );
    deps.logger.debug({ period, planned: batch.created.length, after_id: next }, 'home updates batch planned');
  } else {
    deps.logger.info({ period }, 'home updates planned');
  }
  return { period, planned: batch.created.length, next };
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
