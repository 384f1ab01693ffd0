/** A job as a handler sees it. */
export interface QueueJob<T> {
  id: string;
  data: T;
  /** 1-based attempt number. */
  attempt: number;
  maxAttempts: number;
  /** When this attempt fails, the job is not retried again. */
  isLastAttempt: boolean;
}

export type JobHandler<T> = (job: QueueJob<T>) => Promise<void>;

/**
 * Thrown by a handler for an error that retrying cannot fix: the job fails at once, whatever
 * attempts are left (BullMQ: UnrecoverableError; pg-boss: its retry limit is cut to the tries made).
 */
export class PermanentJobFailure extends Error {
  override name = 'PermanentJobFailure';
}

/**
 * The attempts and backoff the producer writes on a job. They do not decide anything: the queue
 * object that runs `work()` (the worker's settings) fails a job after its own `attempts` and
 * computes its own backoff, so this only has to be higher than any worker's setting.
 */
export const ATTEMPTS_CEILING = 100;

export interface EnqueueOptions {
  /**
   * At most one job with this key waits at a time: enqueuing while one waits is ignored. While one
   * runs, one more copy may be queued to run after it (handlers must be idempotent). Once the job
   * has finished (completed or failed), the key is free again.
   */
  dedupeKey?: string;
  /** Run no sooner than this many ms from now (pg-boss startAfter, BullMQ delay); a delayed job counts as waiting. */
  delayMs?: number;
}

export interface QueueCounts {
  /** Queued, including jobs waiting out a retry backoff. */
  waiting: number;
  active: number;
  /** Failed for good and still retained. */
  failed: number;
}

/**
 * The queue contract shared by the embedded (pg-boss on the app database) and the Redis (BullMQ)
 * implementations: durable, retried with exponential backoff, at-least-once delivery. Attempts and
 * backoff are those of the queue object that works the job (the worker's RetryPolicy), never the
 * enqueuer's.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'bullmq';
  start(): Promise<void>;
  /** The new job's id, or null when deduplicated by `dedupeKey`. BullMQ: fails within `commandTimeoutMs` while Redis is down. */
  enqueue<T extends object>(name: string, data: T, opts?: EnqueueOptions): Promise<string | null>;
  /**
   * Enqueues many jobs on `name` at once (one round trip: pg-boss one INSERT, BullMQ one addBulk), each
   * as `enqueue` would (a job whose dedupeKey is held is left out). For fan-outs such as a cycle's send jobs.
   */
  enqueueMany<T extends object>(name: string, jobs: ReadonlyArray<{ data: T; dedupeKey?: string }>): Promise<void>;
  /**
   * `timeoutMs`: how long one run may take before the queue takes it as lost and retries it (pg-boss's
   * job expiry, default 5 minutes; BullMQ renews its lock while the handler runs and has no such limit).
   */
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number; timeoutMs?: number }): Promise<void>;
  /**
   * Enqueues `data` on `name` at every time the 5-field cron expression (UTC) names, for as long as a
   * worker runs (pg-boss: a queue object made with `runSchedules`; BullMQ: a job scheduler kept in
   * Redis). One schedule per name: calling again replaces it. Bad cron → rejects.
   */
  schedule<T extends object>(name: string, cron: string, data: T): Promise<void>;
  /** Removes the schedule of `name` (none → nothing happens). */
  unschedule(name: string): Promise<void>;
  counts(name: string): Promise<QueueCounts>;
  /** Liveness check used by /readyz. */
  ping(): Promise<void>;
  /** Stops taking new jobs and waits for running ones. */
  stop(): Promise<void>;
}

/** How the queue object that works jobs retries them (enqueuers' settings do not matter). */
export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** First retry delay; doubled for each further attempt. */
  backoffMs: number;
}
