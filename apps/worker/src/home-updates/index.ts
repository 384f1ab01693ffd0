import { PLAN_HOME_UPDATES, SEND_HOME_UPDATE, type JobQueue, type PlanHomeUpdatesJob, type SendHomeUpdateJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { toIsoDate } from '../tasks/valuation-date';
import { createCycleMls } from './cycle-mls';
import { planHomeUpdates } from './plan';
import { sendHomeUpdate } from './send';

export { sweepHomeUpdates } from './plan';

/**
 * Homeowners' value updates (decision 0028): plan_home_updates on HOME_UPDATES_CRON (a queue schedule,
 * surviving restarts) and send_home_update per planned row.
 */
export async function startHomeUpdateJobs(deps: WorkerDeps, queue: JobQueue, opts: { concurrency?: number } = {}): Promise<void> {
  // the closed sales a cycle's valuations search, fetched once per cycle by tile (decision 0037)
  const cycleMls = createCycleMls();
  await queue.work<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, async (job) => {
    const { as_of: asOf, period, after_id: afterId } = job.data;
    await planHomeUpdates(deps, queue, { ...(asOf ? { asOf } : {}), ...(period ? { period } : {}), ...(afterId ? { afterId } : {}) });
  });
  await queue.work<SendHomeUpdateJob>(
    SEND_HOME_UPDATE,
    async (job) => {
      const started = performance.now();
      const cycleDeps = { ...deps, mls: cycleMls.forCycle(job.data.as_of ?? toIsoDate(deps.now()), deps.mls) };
      const result = await sendHomeUpdate(cycleDeps, job.data.update_id, { asOf: job.data.as_of, lastAttempt: job.isLastAttempt });
      // one line per update at debug level: the benchmark's per-update times (npm run bench:home-updates)
      deps.logger.debug({ home_update_id: job.data.update_id, result, ms: Math.round(performance.now() - started) }, 'send_home_update finished');
      if (result === 'retry') throw new Error('the mail server asked to try again later');
    },
    { concurrency: opts.concurrency ?? 2 },
  );
  if (deps.config.HOME_UPDATES_CRON === 'off') await queue.unschedule(PLAN_HOME_UPDATES);
  else await queue.schedule<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, deps.config.HOME_UPDATES_CRON, {});
}
