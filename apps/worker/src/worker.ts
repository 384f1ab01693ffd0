import {
  DELIVER_LEAD_EVENT,
  DISPATCH_LEAD_EVENT,
  PROCESS_CONSUMER_REPORT,
  type DeliverLeadEventJob,
  type DispatchLeadEventJob,
  type JobQueue,
  type ProcessConsumerReportJob,
} from '@opencma/queue';
import { startActivityDigestJobs } from './activity-digest/jobs';
import { deliverLeadEvent, dispatchLeadEvent } from './deliveries';
import { deliveryDepsOf, type WorkerDeps } from './deps';
import { startHomeUpdateJobs } from './home-updates';
import { startMarketModelJobs } from './market-model-jobs';
import { PermanentJobError, processConsumerReport } from './tasks/process-consumer-report';

/** Subscribes the worker's tasks to the queue. */
export async function startWorker(workerDeps: WorkerDeps, queue: JobQueue, opts: { concurrency?: number } = {}): Promise<void> {
  const deps = await startMarketModelJobs(workerDeps, queue);
  await queue.work<ProcessConsumerReportJob>(
    PROCESS_CONSUMER_REPORT,
    async (job) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const outcome = await processConsumerReport(deps, job);
        deps.metrics?.jobFinished(outcome, seconds());
      } catch (err) {
        if (err instanceof PermanentJobError) {
          // The queue fails the job at once (no retries) with this reason.
          deps.metrics?.jobFinished('error', seconds());
          deps.logger.error({ job_id: job.id, err: err.message }, 'job failed permanently');
          throw err;
        }
        deps.metrics?.jobFinished('retry', seconds());
        throw err;
      }
    },
    { concurrency: opts.concurrency ?? 2 },
  );
  // Lead deliveries (decision 0019): their own queues, so a slow channel never delays reports.
  const delivery = deliveryDepsOf({ ...deps, queue: deps.queue ?? queue });
  await queue.work<DispatchLeadEventJob>(DISPATCH_LEAD_EVENT, async (job) => {
    await dispatchLeadEvent(delivery, job.data.event_id);
  });
  await queue.work<DeliverLeadEventJob>(
    DELIVER_LEAD_EVENT,
    async (job) => {
      await deliverLeadEvent(delivery, job.data.delivery_id);
    },
    { concurrency: opts.concurrency ?? 2 },
  );
  await startActivityDigestJobs(deps, queue);
  await startHomeUpdateJobs(deps, queue, { concurrency: opts.concurrency ?? 2 });
}
