import { findStuckReportIds } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT, type JobQueue, type ProcessConsumerReportJob } from '@opencma/queue';
import type { WorkerDeps } from './deps';

export interface SweeperOptions {
  /** How often to look (ms). */
  intervalMs?: number;
  /** A pending report older than this has lost its job. */
  pendingAfterMs?: number;
  /** A report processing longer than this has lost its worker. */
  processingAfterMs?: number;
}

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

/** Runs sweeps on an interval until the returned stop function is called. */
export function startSweeper(deps: Pick<WorkerDeps, 'database' | 'logger' | 'now'>, queue: JobQueue, opts: SweeperOptions = {}): () => void {
  const timer = setInterval(() => {
    sweepStuckReports(deps, queue, opts).catch((err) => deps.logger.error({ err }, 'sweep failed'));
  }, opts.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
