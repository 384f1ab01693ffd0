import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import {
  ATTEMPTS_CEILING,
  PermanentJobFailure,
  type EnqueueOptions,
  type JobHandler,
  type JobQueue,
  type QueueCounts,
  type RetryPolicy,
} from './job-queue';
import { createRedisGuard, failFastRedisOptions } from './redis-guard';

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
   * Enqueue and counts fail when Redis has not answered within this (a hung or partitioned server),
   * and at once while the connection is down; after such a failure they fail at once for
   * `unavailableForMs` (then Redis is tried again). An API request waits at most about this long on
   * the queue. Default 1 s.
   */
  commandTimeoutMs?: number;
  /** See commandTimeoutMs. Default 5 s. */
  unavailableForMs?: number;
  onError?: (err: Error) => void;
}

const DAY_S = 24 * 3600;
/** The backoff type written on jobs; the worker's `backoffStrategy` computes it from its own settings. */
const WORKER_BACKOFF = 'opencma-worker';

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
 * - Retries: `attempts` in total, exponential backoff from `backoffMs` (doubling) — the settings of
 *   the queue object that works the job; a PermanentJobFailure (or any error on the last attempt)
 *   is raised as BullMQ's UnrecoverableError, so the job fails at once.
 * - Outages: enqueue and counts are bounded (`commandTimeoutMs`) and fail fast while Redis is down.
 * - Stalls: see `lockDurationMs`, `stalledIntervalMs`, `maxStalledCount`.
 */
export function createBullMqQueue(opts: BullMqQueueOptions): JobQueue {
  const prefix = opts.prefix ?? 'opencma';
  const report = (err: Error) => opts.onError?.(err);
  // Producer connection (enqueue, counts, ping): no offline queue, so a command fails at once while
  // the connection is down, and after commandTimeoutMs when Redis hangs; the guard then refuses
  // further calls for a few seconds instead of waiting again. An API request never hangs on a Redis
  // outage (the sweeper re-enqueues what could not be queued). Reconnects at least every second.
  const commandTimeoutMs = opts.commandTimeoutMs ?? 1000;
  const client = new Redis(opts.redisUrl, { lazyConnect: true, ...failFastRedisOptions(commandTimeoutMs) });
  client.on('error', report);
  const guard = createRedisGuard({
    status: () => client.status,
    timeoutMs: commandTimeoutMs,
    openMs: opts.unavailableForMs,
    onOpen: (err) => report(new Error(`Redis unavailable for the queue producer: ${(err as Error).message}`)),
  });
  const queues = new Map<string, Queue>();
  const workers: RunningWorker[] = [];
  const keepCompleted: KeepJobs = opts.keepCompleted ?? { age: DAY_S, count: 1000 };
  const keepFailed: KeepJobs = opts.keepFailed ?? { age: 7 * DAY_S, count: 5000 };
  // Attempts and backoff on the job are placeholders: the worker decides (see work()).
  const jobOptions: JobsOptions = {
    attempts: ATTEMPTS_CEILING,
    backoff: { type: WORKER_BACKOFF },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  };

  /** The BullMQ Queue for a name, initialised; one whose initialisation failed is dropped (the next call makes a new one). */
  async function queueFor(name: string): Promise<Queue> {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: client, prefix });
      queue.on('error', report);
      queues.set(name, queue);
    }
    try {
      await queue.waitUntilReady();
    } catch (err) {
      queues.delete(name);
      void queue.close().catch(() => undefined);
      throw err;
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
      const job = await guard.run(async () =>
        (await queueFor(name)).add(name, data, {
          ...jobOptions,
          jobId,
          ...(enqueueOpts?.delayMs ? { delay: enqueueOpts.delayMs } : {}),
          ...(enqueueOpts?.dedupeKey ? { deduplication: { id: enqueueOpts.dedupeKey, keepLastIfActive: true } } : {}),
        }),
      );
      // A deduplicated add returns the job already holding the key.
      return job.id === jobId ? jobId : null;
    },
    async enqueueMany<T extends object>(name: string, jobs: ReadonlyArray<{ data: T; dedupeKey?: string }>) {
      if (jobs.length === 0) return;
      await guard.run(async () =>
        (await queueFor(name)).addBulk(
          jobs.map((job) => ({
            name,
            data: job.data,
            opts: {
              ...jobOptions,
              jobId: randomUUID(),
              ...(job.dedupeKey ? { deduplication: { id: job.dedupeKey, keepLastIfActive: true } } : {}),
            },
          })),
        ),
      );
    },
    async work<T extends object>(name: string, handler: JobHandler<T>, workOpts?: { concurrency?: number; timeoutMs?: number }) {
      const running = new Set<Promise<void>>();
      const worker = new Worker<T>(
        name,
        async (job: Job<T>) => {
          // This worker's attempts decide, not the job's options (set by whichever process enqueued).
          const maxAttempts = opts.attempts;
          const attempt = job.attemptsMade + 1;
          const isLastAttempt = attempt >= maxAttempts;
          const run = handler({ id: job.id ?? '', data: job.data, attempt, maxAttempts, isLastAttempt });
          running.add(run);
          try {
            await run;
          } catch (err) {
            if (err instanceof PermanentJobFailure || isLastAttempt) throw new UnrecoverableError((err as Error)?.message ?? String(err));
            throw err;
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
          // The delay before a retry: this worker's backoffMs, doubled per attempt made.
          settings: { backoffStrategy: (attemptsMade: number) => Math.round(opts.backoffMs * 2 ** Math.max(0, attemptsMade - 1)) },
        },
      );
      worker.on('error', report);
      workers.push({ worker, running });
      await worker.waitUntilReady();
    },
    async schedule<T extends object>(name: string, cron: string, data: T) {
      // A job scheduler stored in Redis (one per name; upserting replaces it), so several workers
      // scheduling the same name do not multiply the jobs. Called at worker start, not on a request
      // path: not through the fail-fast guard (a bad cron must not count as Redis being down).
      const queue = await queueFor(name);
      await queue.upsertJobScheduler(`schedule:${name}`, { pattern: cron, tz: 'UTC' }, { name, data, opts: jobOptions });
    },
    async unschedule(name: string) {
      await (await queueFor(name)).removeJobScheduler(`schedule:${name}`);
    },
    async counts(name: string): Promise<QueueCounts> {
      // Waiting includes jobs delayed for a retry backoff, like pg-boss's 'retry' state.
      const c = await guard.run(async () => (await queueFor(name)).getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'failed'));
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
