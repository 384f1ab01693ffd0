import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import {
  ATTEMPTS_CEILING,
  PermanentJobFailure,
  type EnqueueOptions,
  type JobHandler,
  type JobQueue,
  type QueueCounts,
  type RetryPolicy,
} from './job-queue';

export interface PgBossQueueOptions extends RetryPolicy {
  /** Runs SQL on the app database (works for PostgreSQL and for an in-process PGlite). */
  sql: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  /** Polling interval; enqueue wakes local workers at once, so this only matters across processes. */
  pollingIntervalSeconds?: number;
  /**
   * Run the schedules (`schedule()`): pg-boss's cron monitor, one per database at a time. Only the
   * worker needs it; default false.
   */
  runSchedules?: boolean;
  onError?: (err: Error) => void;
}

/**
 * The worker's retry policy written on a job as it starts, so pg-boss retries it (after a failure or
 * an expiry) by the settings of the process that works it, not those of the process that enqueued.
 */
const APPLY_POLICY = `update pgboss.job set retry_limit = $3, retry_delay = $4, retry_backoff = true where name = $1 and id = $2`;
/** The expiry of a queue's jobs that have not started yet (see work's timeoutMs). */
const SET_EXPIRY = `update pgboss.job set expire_in = make_interval(secs => $2) where name = $1 and state in ('created', 'retry')`;
/** pg-boss has no "do not retry" error: a permanent failure cuts the retry limit to the tries made. */
const NO_MORE_RETRIES = `update pgboss.job set retry_limit = retry_count where name = $1 and id = $2`;

/**
 * The embedded durable queue: pg-boss storing jobs in the application's own database, so jobs
 * survive restarts without any extra server.
 */
export function createPgBossQueue(opts: PgBossQueueOptions): JobQueue {
  const boss = new PgBoss({ db: opts.sql, supervise: true, schedule: opts.runSchedules ?? false } as unknown as PgBoss.ConstructorOptions);
  boss.on('error', (err) => opts.onError?.(err));
  const queues = new Set<string>();
  const workerIds = new Map<string, string[]>();
  const retryDelay = Math.max(1, Math.round(opts.backoffMs / 1000));

  async function ensureQueue(name: string): Promise<void> {
    if (queues.has(name)) return;
    const existing = await boss.getQueue(name);
    if (!existing) {
      await boss.createQueue(name, {
        name,
        policy: 'stately',
        retryLimit: opts.attempts - 1,
        retryDelay,
        retryBackoff: true,
        expireInSeconds: 300,
      });
    }
    queues.add(name);
  }

  return {
    kind: 'pg-boss',
    async start() {
      await boss.start();
    },
    async enqueue<T extends object>(name: string, data: T, enqueueOpts?: EnqueueOptions) {
      await ensureQueue(name);
      const id = await boss.send(name, data, {
        // The 'stately' policy allows one queued job per singleton key, and treats "no key" as one
        // key; a job without a dedupeKey gets a key of its own so it is never dropped.
        singletonKey: enqueueOpts?.dedupeKey ?? randomUUID(),
        // A placeholder: the worker writes its own policy on the job when it starts it.
        retryLimit: ATTEMPTS_CEILING - 1,
        retryDelay,
        retryBackoff: true,
        ...(enqueueOpts?.delayMs ? { startAfter: Math.max(1, Math.ceil(enqueueOpts.delayMs / 1000)) } : {}),
      });
      for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
      return id;
    },
    async enqueueMany<T extends object>(name: string, jobs: ReadonlyArray<{ data: T; dedupeKey?: string }>) {
      if (jobs.length === 0) return;
      await ensureQueue(name);
      // one INSERT … ON CONFLICT DO NOTHING: a key held by a waiting job (the 'stately' index) is left out, as send does
      await boss.insert(
        jobs.map((job) => ({
          name,
          data: job.data,
          singletonKey: job.dedupeKey ?? randomUUID(),
          retryLimit: ATTEMPTS_CEILING - 1,
          retryDelay,
          retryBackoff: true,
        })),
      );
      for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
    },
    async work<T extends object>(name: string, handler: JobHandler<T>, workOpts?: { concurrency?: number; timeoutMs?: number }) {
      await ensureQueue(name);
      if (workOpts?.timeoutMs) {
        // pg-boss times a handler out (and retries its job) after the job's expiry, copied from the
        // queue when the job is sent: set it on the queue and on the jobs already waiting.
        const seconds = Math.ceil(workOpts.timeoutMs / 1000);
        await boss.updateQueue(name, { name, policy: 'stately', expireInSeconds: seconds });
        await opts.sql.executeSql(SET_EXPIRY, [name, seconds]);
      }
      const ids: string[] = [];
      const concurrency = workOpts?.concurrency ?? 2;
      for (let i = 0; i < concurrency; i++) {
        let id: string | undefined;
        id = await boss.work<T>(
          name,
          { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, includeMetadata: true, batchSize: 1 },
          async (jobs) => {
            // A worker that found a job looks for the next one as soon as this one is done, instead of
            // sleeping out the polling interval (pg-boss skips its delay once notified); on an empty
            // queue that look finds nothing and the worker sleeps as usual.
            if (id) boss.notifyWorker(id);
            for (const job of jobs) {
              const attempt = job.retryCount + 1;
              const maxAttempts = opts.attempts;
              await opts.sql.executeSql(APPLY_POLICY, [name, job.id, maxAttempts - 1, retryDelay]);
              try {
                await handler({ id: job.id, data: job.data, attempt, maxAttempts, isLastAttempt: attempt >= maxAttempts });
              } catch (err) {
                if (err instanceof PermanentJobFailure) await opts.sql.executeSql(NO_MORE_RETRIES, [name, job.id]);
                throw err;
              }
            }
          },
        );
        ids.push(id);
      }
      workerIds.set(name, ids);
    },
    async schedule<T extends object>(name: string, cron: string, data: T) {
      await ensureQueue(name);
      // The cron monitor sends the job without a singleton key: the 'stately' queue holds at most one waiting.
      await boss.schedule(name, cron, data, { tz: 'UTC' });
    },
    async unschedule(name: string) {
      await boss.unschedule(name);
    },
    async counts(name: string): Promise<QueueCounts> {
      await ensureQueue(name);
      const rows = (await opts.sql.executeSql(`select state, count(*)::int as n from pgboss.job where name = $1 group by state`, [name])) as {
        rows: { state: string; n: number }[];
      };
      const by = (s: string) => rows.rows.find((r) => r.state === s)?.n ?? 0;
      return { waiting: by('created') + by('retry'), active: by('active'), failed: by('failed') };
    },
    async ping() {
      await opts.sql.executeSql('select 1 from pgboss.version limit 1', []);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
