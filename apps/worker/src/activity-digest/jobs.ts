import { listActivityDigestAgentIds } from '@opencma/db';
import {
  SCHEDULE_ACTIVITY_DIGESTS,
  SEND_ACTIVITY_DIGEST,
  type JobQueue,
  type ScheduleActivityDigestsJob,
  type SendActivityDigestJob,
} from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { previousUtcDay } from './days';
import { sendActivityDigest, type ActivityDigestDeps } from './send-activity-digest';

/**
 * The daily activity digest (decision 0030): ACTIVITY_DIGEST_CRON queues schedule_activity_digests, which
 * queues one send_activity_digest per opted-in agent for the previous UTC day (dedupe key agent:day), so
 * one agent's slow or failing e-mail never holds up another's. `off` removes the schedule.
 */
export async function startActivityDigestJobs(deps: WorkerDeps, queue: JobQueue): Promise<void> {
  const digestDeps: ActivityDigestDeps = {
    db: deps.database.db,
    sender: deps.activityDigests ?? null,
    logger: deps.logger.child({ component: 'activity-digest' }),
    now: deps.now,
    publicBaseUrl: deps.config.publicBaseUrl,
  };
  await queue.work<ScheduleActivityDigestsJob>(SCHEDULE_ACTIVITY_DIGESTS, async () => {
    await queueActivityDigests(digestDeps, queue);
  });
  await queue.work<SendActivityDigestJob>(SEND_ACTIVITY_DIGEST, async (job) => {
    await sendActivityDigest(digestDeps, job.data);
  });
  // The schedule lives in the queue's storage: turning it off must remove the one an earlier start made.
  if (deps.config.ACTIVITY_DIGEST_CRON === 'off') await queue.unschedule(SCHEDULE_ACTIVITY_DIGESTS);
  else await queue.schedule<ScheduleActivityDigestsJob>(SCHEDULE_ACTIVITY_DIGESTS, deps.config.ACTIVITY_DIGEST_CRON, {});
}

/** Queues the previous UTC day's digest of every agent who has it on (one job each); how many were queued. */
export async function queueActivityDigests(deps: Pick<ActivityDigestDeps, 'db' | 'now'>, queue: JobQueue): Promise<number> {
  const day = previousUtcDay(deps.now());
  const agentIds = await listActivityDigestAgentIds(deps.db);
  for (const agentId of agentIds) {
    await queue.enqueue<SendActivityDigestJob>(SEND_ACTIVITY_DIGEST, { agent_id: agentId, day }, { dedupeKey: `${agentId}:${day}` });
  }
  return agentIds.length;
}
