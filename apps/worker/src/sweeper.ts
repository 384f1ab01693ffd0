import { findStuckReportIds } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT, type JobQueue, type ProcessConsumerReportJob } from '@opencma/queue';
import { sweepDeliveries } from './deliveries';
import { deliveryDepsOf, type WorkerDeps } from './deps';
import { reconcileStaleSms } from './sms/reconcile';

export interface SweeperOptions {
  /** How often to look (ms). */
  intervalMs?: number;
  /** A pending report older than this has lost its job. */
  pendingAfterMs?: number;
  /** A report processing longer than this has lost its worker. */
  processingAfterMs?: number;
  /** A text `sending` without a renewed claim for this long has lost its sender (default: config SMS_RECONCILE_AFTER_MS). */
  smsReconcileAfterMs?: number;
}

type SweeperDeps = Pick<WorkerDeps, 'database' | 'logger' | 'now'> & Partial<Pick<WorkerDeps, 'sms' | 'config' | 'channels'>>;

/** One sweep: re-enqueues stuck reports (the queue's dedupe key keeps a still-queued job single). */
export async function sweepStuckReports(
  deps: Pick<WorkerDeps, 'database' | 'logger' | 'now'>,
  queue: JobQueue,
  opts: SweeperOptions = {},
): Promise<string[]> {
  const now = deps.now().getTime();
  const ids = await findStuckReportIds(deps.database.db, {
    pendingBefore: new Date(now - (opts.pendingAfterMs ?? 60_000)),
    processingBefore: new Date(now - (opts.processingAfterMs ?? 10 * 60_000)),
  });
  for (const id of ids) {
    await queue.enqueue<ProcessConsumerReportJob>(PROCESS_CONSUMER_REPORT, { report_id: id }, { dedupeKey: id });
  }
  if (ids.length) deps.logger.warn({ count: ids.length }, 're-enqueued stuck reports');
  return ids;
}

/** One reconciliation of texts left `sending` (needs the worker's SMS sender). */
export async function sweepStaleSms(deps: SweeperDeps, opts: SweeperOptions = {}) {
  if (!deps.sms) return [];
  return reconcileStaleSms(
    {
      db: deps.database.db,
      sms: deps.sms,
      logger: deps.logger,
      now: deps.now,
      statusCallbackUrl: deps.config?.twilioStatusCallbackUrl ?? undefined,
    },
    { staleAfterMs: opts.smsReconcileAfterMs ?? deps.config?.SMS_RECONCILE_AFTER_MS ?? 180_000 },
  );
}

/**
 * Runs sweeps on an interval until the returned stop function is called: stuck reports are
 * re-enqueued, when the worker's SMS sender is given, texts left `sending` are reconciled, and (with
 * the config) lead events and deliveries that lost their job are queued again. A sweep
 * still running when the next is due is not overlapped.
 */
export function startSweeper(deps: SweeperDeps, queue: JobQueue, opts: SweeperOptions = {}): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const reports = sweepStuckReports(deps, queue, opts).catch((err) => deps.logger.error({ err }, 'sweep failed'));
    const texts = sweepStaleSms(deps, opts).catch((err) => deps.logger.error({ err }, 'sms reconciliation failed'));
    const leads = deps.config
      ? sweepDeliveries(deliveryDepsOf({ ...(deps as WorkerDeps), config: deps.config, queue }), {
          claimStaleAfterMs: deps.config.DELIVERY_CLAIM_STALE_MS,
        }).catch((err) => deps.logger.error({ err }, 'lead delivery sweep failed'))
      : Promise.resolve();
    void Promise.all([reports, texts, leads]).finally(() => {
      running = false;
    });
  }, opts.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
