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

export interface EnqueueOptions {
  /**
   * At most one job with this key waits at a time: enqueuing while one waits is ignored. While one
   * runs, one more copy may be queued to run after it (handlers must be idempotent). Once the job
   * has finished (completed or failed), the key is free again.
   */
  dedupeKey?: string;
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
 * implementations: durable, retried with exponential backoff, at-least-once delivery.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'bullmq';
  start(): Promise<void>;
  /** The new job's id, or null when deduplicated by `dedupeKey`. */
  enqueue<T extends object>(name: string, data: T, opts?: EnqueueOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }): Promise<void>;
  counts(name: string): Promise<QueueCounts>;
  /** Liveness check used by /readyz. */
  ping(): Promise<void>;
  /** Stops taking new jobs and waits for running ones. */
  stop(): Promise<void>;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** First retry delay; doubled for each further attempt. */
  backoffMs: number;
}
