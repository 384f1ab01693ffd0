import { PLAN_HOME_UPDATES, SEND_HOME_UPDATE, type JobQueue, type PlanHomeUpdatesJob, type SendHomeUpdateJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { planHomeUpdates } from './plan';
import { sendHomeUpdate } from './send';

export { sweepHomeUpdates } from './plan';

/**
 * Homeowners' value updates (decision 0028): plan_home_updates on HOME_UPDATES_CRON (a queue schedule,
 * surviving restarts) and send_home_update per planned row.
 */
export async function startHomeUpdateJobs(deps: WorkerDeps, queue: JobQueue, opts: { concurrency?: number } = {}): Promise<void> {
  await queue.work<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, async (job) => {
    await planHomeUpdates(deps, queue, { asOf: job.data.as_of });
  });
  await queue.work<SendHomeUpdateJob>(
    SEND_HOME_UPDATE,
    async (job) => {
      const result = await sendHomeUpdate(deps, job.data.update_id, { asOf: job.data.as_of, lastAttempt: job.isLastAttempt });
      if (result === 'retry') throw new Error('the mail server asked to try again later');
    },
    { concurrency: opts.concurrency ?? 2 },
  );
  if (deps.config.HOME_UPDATES_CRON === 'off') await queue.unschedule(PLAN_HOME_UPDATES);
  else await queue.schedule<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, deps.config.HOME_UPDATES_CRON, {});
}
