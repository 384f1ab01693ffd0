import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job, type JobsOptions, type KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import type { EnqueueOptions, JobHandler, JobQueue, QueueCounts, RetryPolicy } from './job-queue';

export interface BullMqQueueOptions extends RetryPolicy {
  /** e.g. `redis://127.0.0.1:6379` or `rediss://user:pass@host:6380/0`. */
  redisUrl: string;
  /** Namespace of every Redis key (`{prefix}:{queue}:…`). Default `opencma`. */
  prefix?: string;
  /**
   * How long a worker's lock on a running job lasts; the worker renews it every half of this while
   * the handler runs. A worker that dies stops renewing, and the job is recovered once the lock
   * has expired. Default 30 s.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired (stalled) and put them back. Default 15 s. */
  stalledIntervalMs?: number;
  /** Stalls (worker lost mid-job) tolerated before the job is failed. Default 2. */
  maxStalledCount?: number;
  /** Finished jobs kept for inspection. Default: a day, at most 1000. */
  keepCompleted?: KeepJobs;
  /** Failed jobs kept for inspection. Default: a week, at most 5000. */
  keepFailed?: KeepJobs;
  /** How long `stop()` waits for running handlers before closing anyway (their jobs stall and are recovered). Default 30 s. */
  shutdownTimeoutMs?: number;
  /** `ping()` fails when Redis does not answer within this. Default 1 s. */
  pingTimeoutMs?: number;
  /**
   * Enqueue, counts and ping fail when Redis has not answered within this (e.g. while it is down or
   * restarting), so an API request waits at most about this long. Default 2 s.
   */
  commandTimeoutMs?: number;
  onError?: (err: Error) => void;
}

const DAY_S = 24 * 3600;

interface RunningWorker {
  worker: Worker;
  /** Handlers in progress, so a shutdown can wait for them with a deadline. */
  running: Set<Promise<void>>;
}

/**
 * The production queue: BullMQ on Redis, shared by separately scaled API and worker processes.
 *
 * - Deduplication: a `dedupeKey` maps to BullMQ deduplication (`keepLastIfActive`): while a job
 *   with the key waits, further enqueues are ignored; while it runs, one more copy is queued to run
 *   after it (the same as pg-boss's `stately` policy). Once it has finished, the key is free again,
 *   so a sweeper can re-enqueue a report whose job failed or was lost. (A custom job id equal to
 *   the key would block the key for as long as the finished job is retained.)
 * - Retries: `attempts` in total, exponential backoff from `backoffMs` (doubling).
 * - Stalls: see `lockDurationMs`, `stalledIntervalMs`, `maxStalledCount`.
 */
export function createBullMqQueue(opts: BullMqQueueOptions): JobQueue {
  const prefix = opts.prefix ?? 'opencma';
  const report = (err: Error) => opts.onError?.(err);
  // Producer connection (enqueue, counts, ping): fails a command after one reconnect attempt, or
  // after commandTimeoutMs, so an API request never hangs on a Redis outage (the sweeper re-enqueues
  // what could not be queued). Reconnects are attempted at least every second (ioredis 6 backs off
  // up to 5 s by default, which made each enqueue during an outage wait about 10 s).
  const client = new Redis(opts.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  client.on('error', report);
  const queues = new Map<string, Queue>();
  const workers: RunningWorker[] = [];
  const keepCompleted: KeepJobs = opts.keepCompleted ?? { age: DAY_S, count: 1000 };
  const keepFailed: KeepJobs = opts.keepFailed ?? { age: 7 * DAY_S, count: 5000 };
  const jobOptions: JobsOptions = {
    attempts: opts.attempts,
    backoff: { type: 'exponential', delay: opts.backoffMs },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  };

  function queueFor(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: client, prefix });
      queue.on('error', report);
      queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Graceful close: stop fetching, wait for running handlers (up to shutdownTimeoutMs), then close.
   * Past the timeout the worker is closed without waiting; its jobs' locks are no longer renewed,
   * so they stall and another worker recovers them.
   */
  async function closeWorker({ worker, running }: RunningWorker): Promise<void> {
    await worker.pause(true);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.shutdownTimeoutMs ?? 30_000);
    });
    const outcome = await Promise.race([Promise.allSettled(running).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      report(new Error(`queue ${worker.name}: ${running.size} running job(s) did not finish in time; they will be recovered as stalled`));
    }
    await worker.close(outcome === 'timeout');
  }

  return {
    kind: 'bullmq',
    async start() {
      try {
        if (client.status === 'wait') await client.connect();
        await client.ping();
      } catch (err) {
        throw new Error(`cannot reach Redis at ${redactUrl(opts.redisUrl)}: ${(err as Error).message}`, { cause: err });
      }
    },
    async enqueue<T extends object>(name: string, data: T, enqueueOpts?: EnqueueOptions) {
      const jobId = randomUUID();
      const job = await queueFor(name).add(name, data, {
        ...jobOptions,
        jobId,
        ...(enqueueOpts?.dedupeKey ? { deduplication: { id: enqueueOpts.dedupeKey, keepLastIfActive: true } } : {}),
      });
      // A deduplicated add returns the job already holding the key.
      return job.id === jobId ? jobId : null;
    },
    async work<T extends object>(name: string, handler: JobHandler<T>, workOpts?: { concurrency?: number }) {
      const running = new Set<Promise<void>>();
      const worker = new Worker<T>(
        name,
        async (job: Job<T>) => {
          const maxAttempts = job.opts.attempts ?? 1;
          const attempt = job.attemptsMade + 1;
          const run = handler({ id: job.id ?? '', data: job.data, attempt, maxAttempts, isLastAttempt: attempt >= maxAttempts });
          running.add(run);
          try {
            await run;
          } finally {
            running.delete(run);
          }
        },
        {
          // Workers block on Redis; BullMQ requires them to retry commands indefinitely. Reconnect at
          // least every 2 s (BullMQ's default backs off to 20 s, so workers idled long after a Redis restart).
          connection: { url: opts.redisUrl, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 250, 2000) },
          prefix,
          concurrency: workOpts?.concurrency ?? 2,
          lockDuration: opts.lockDurationMs ?? 30_000,
          stalledInterval: opts.stalledIntervalMs ?? 15_000,
          maxStalledCount: opts.maxStalledCount ?? 2,
          removeOnComplete: keepCompleted,
          removeOnFail: keepFailed,
        },
      );
      worker.on('error', report);
      workers.push({ worker, running });
      await worker.waitUntilReady();
    },
    async counts(name: string): Promise<QueueCounts> {
      // Waiting includes jobs delayed for a retry backoff, like pg-boss's 'retry' state.
      const c = await queueFor(name).getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'failed');
      const n = (key: string) => c[key] ?? 0;
      return { waiting: n('waiting') + n('delayed') + n('prioritized'), active: n('active'), failed: n('failed') };
    },
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeoutMs = opts.pingTimeoutMs ?? 1000;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([client.ping(), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      await Promise.all(workers.splice(0).map(closeWorker));
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      if (client.status !== 'end') await client.quit().catch(() => client.disconnect());
    },
  };
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
