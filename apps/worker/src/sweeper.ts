import { findStuckReportIds } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT, type JobQueue, type ProcessConsumerReportJob } from '@opencma/queue';
import { sweepDeliveries } from './deliveries';
import { deliveryDepsOf, type WorkerDeps } from './deps';
import { sweepHomeUpdates } from './home-updates';
import { sendDueDigests } from './sms/digest';
import { pollUnsettledSms } from './sms/poll-status';
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

type SweeperDeps = Pick<WorkerDeps, 'database' | 'logger' | 'now'> & Partial<Pick<WorkerDeps, 'sms' | 'config' | 'channels' | 'metrics'>>;

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

/**
 * One reconciliation of texts left `sending`, then a status poll of sent texts whose delivery callback
 * never came (needs the worker's SMS sender).
 */
export async function sweepStaleSms(deps: SweeperDeps, opts: SweeperOptions = {}) {
  if (!deps.sms) return [];
  const smsDeps = {
    db: deps.database.db,
    sms: deps.sms,
    logger: deps.logger,
    now: deps.now,
    statusCallbackUrl: deps.config?.twilioStatusCallbackUrl ?? undefined,
  };
  const staleAfterMs = opts.smsReconcileAfterMs ?? deps.config?.SMS_RECONCILE_AFTER_MS ?? 180_000;
  const results = await reconcileStaleSms(smsDeps, { staleAfterMs });
  await pollUnsettledSms(smsDeps, { staleAfterMs });
  return results;
}

/** Sends the hourly lead digests of closed hours (decision 0024; needs the worker's SMS sender and config). */
export async function sweepLeadDigests(deps: SweeperDeps) {
  if (!deps.sms || !deps.config) return [];
  return sendDueDigests({
    db: deps.database.db,
    sms: deps.sms,
    logger: deps.logger,
    now: deps.now,
    statusCallbackUrl: deps.config.twilioStatusCallbackUrl ?? undefined,
    inboxUrl: `${deps.config.publicBaseUrl}/agent`,
    onDigest: (result, leads) => deps.metrics?.digestFinished(result, leads),
  });
}

/**
 * Runs sweeps on an interval until the returned stop function is called: stuck reports are
 * re-enqueued, when the worker's SMS sender is given, texts left `sending` are reconciled and the
 * hourly lead digests of closed hours are sent, and (with the config) lead events and deliveries that
 * lost their job are queued again, and so are home updates (stale home-update claims become unknown). A sweep still running when the next is due is not overlapped.
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
    const digests = sweepLeadDigests(deps).catch((err) => deps.logger.error({ err }, 'lead digests failed; tried again next sweep'));
    const homeUpdates = deps.config
      ? sweepHomeUpdates(deps, queue, { claimStaleAfterMs: deps.config.HOME_UPDATE_CLAIM_STALE_MS }).catch((err) =>
          deps.logger.error({ err }, 'home update sweep failed'),
        )
      : Promise.resolve();
    void Promise.all([reports, texts, leads, digests, homeUpdates]).finally(() => {
      running = false;
    });
  }, opts.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
