import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentJobFailure, type JobQueue, type QueueJob, type RetryPolicy } from '../src/job-queue';

/** One storage (a database, a Redis key prefix) that queues are opened on; shared by a suite. */
export interface QueueBackend {
  /** A new, not yet started queue object over the backend's storage. */
  create(policy: RetryPolicy): JobQueue;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** First retry delay for the retry cases (pg-boss counts whole seconds). */
  backoffMs: number;
  /** Quiet period after which a job that was not delivered is taken as not coming. */
  quietMs: number;
}

interface Payload {
  n: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The behaviour every JobQueue implementation promises. `setup` opens a backend once for the
 * suite; each case uses its own queue name, so cases and parallel runs do not see each other.
 */
export function runQueueContract(name: string, setup: () => Promise<QueueBackend>, options: ContractOptions): void {
  describe(`JobQueue contract: ${name}`, () => {
    const runId = randomBytes(4).toString('hex');
    let backend: QueueBackend;
    let caseNo = 0;
    const running: JobQueue[] = [];
    const policy = (attempts: number): RetryPolicy => ({ attempts, backoffMs: options.backoffMs });

    async function open(attempts = 3): Promise<JobQueue> {
      const queue = backend.create(policy(attempts));
      await queue.start();
      running.push(queue);
      return queue;
    }
    async function stop(queue: JobQueue): Promise<void> {
      running.splice(running.indexOf(queue), 1);
      await queue.stop();
    }

    beforeAll(async () => {
      backend = await setup();
    });
    afterAll(async () => {
      await backend?.close();
    });
    afterEach(async () => {
      caseNo++;
      await Promise.all(running.splice(0).map((q) => q.stop()));
    });
    const nextName = () => `contract_${runId}_${caseNo}`;

    it('runs a schedule: a job with its data at the next cron tick; a bad cron is refused', async () => {
      const queue = await open();
      const name = nextName();
      const seen: Payload[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job.data);
      });
      await expect(queue.schedule<Payload>(name, 'every tuesday', { n: 0 })).rejects.toThrow();
      await queue.schedule<Payload>(name, '* * * * *', { n: 7 });
      // Every minute: the first job comes at the next minute boundary (plus the queue's own polling).
      await eventually(
        () => seen.length,
        (n) => n >= 1,
        150_000,
      );
      expect(seen[0]).toEqual({ n: 7 });
      await queue.unschedule(name);
      await queue.unschedule(name); // none left: still fine
    }, 180_000);

    it('delivers a job with its data', async () => {
      const queue = await open();
      const name = nextName();
      const seen: QueueJob<Payload>[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job);
      });
      const id = await queue.enqueue<Payload>(name, { n: 42 });
      expect(id).toEqual(expect.any(String));
      await eventually(
        () => seen.length,
        (n) => n === 1,
      );
      expect(seen[0]).toMatchObject({ id, data: { n: 42 }, attempt: 1, maxAttempts: 3, isLastAttempt: false });
    });

    it('retries a failing handler with attempts 1..N, the last one flagged, then gives up', async () => {
      const queue = await open(3);
      const name = nextName();
      const attempts: Array<[number, number, number, boolean]> = [];
      await queue.work<Payload>(name, async (job) => {
        attempts.push([job.data.n, job.attempt, job.maxAttempts, job.isLastAttempt]);
        throw new Error(`boom ${job.attempt}`);
      });
      await queue.enqueue<Payload>(name, { n: 1 }, { dedupeKey: 'report-a' });
      await eventually(
        () => queue.counts(name),
        (c) => c.failed === 1,
        20_000,
      );
      expect(attempts).toEqual([
        [1, 1, 3, false],
        [1, 2, 3, false],
        [1, 3, 3, true],
      ]);
      await sleep(options.quietMs);
      expect(attempts).toHaveLength(3);
      expect(await queue.counts(name)).toEqual({ waiting: 0, active: 0, failed: 1 });

      // A failed job frees its key: a sweeper can queue the report again.
      expect(await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' })).toEqual(expect.any(String));
      await eventually(
        () => attempts.length,
        (n) => n === 4,
      );
      expect(attempts[3]).toEqual([2, 1, 3, false]);
    });

    it("retries by the working queue's attempts, not the enqueuer's (fewer and more)", async () => {
      const name = nextName();
      const producer = await open(5);
      const worker = await open(2);
      const tries: Array<[number, number, number, boolean]> = [];
      await worker.work<Payload>(name, async (job) => {
        tries.push([job.data.n, job.attempt, job.maxAttempts, job.isLastAttempt]);
        throw new Error(`boom ${job.attempt}`);
      });
      await producer.enqueue<Payload>(name, { n: 1 });
      await eventually(
        () => worker.counts(name),
        (c) => c.failed === 1,
        20_000,
      );
      await sleep(options.quietMs);
      expect(tries).toEqual([
        [1, 1, 2, false],
        [1, 2, 2, true],
      ]);
      await stop(worker);

      // A producer allowing one try, a worker allowing three: three tries.
      const oneTry = await open(1);
      const threeTries = await open(3);
      await threeTries.work<Payload>(name, async (job) => {
        tries.push([job.data.n, job.attempt, job.maxAttempts, job.isLastAttempt]);
        throw new Error(`boom ${job.attempt}`);
      });
      await oneTry.enqueue<Payload>(name, { n: 2 });
      await eventually(
        () => threeTries.counts(name),
        (c) => c.failed === 2,
        20_000,
      );
      expect(tries.slice(2)).toEqual([
        [2, 1, 3, false],
        [2, 2, 3, false],
        [2, 3, 3, true],
      ]);
    });

    it('fails a job at once when its handler throws PermanentJobFailure', async () => {
      const queue = await open(3);
      const name = nextName();
      const tries: number[] = [];
      await queue.work<Payload>(name, async (job) => {
        tries.push(job.attempt);
        throw new PermanentJobFailure('credentials rejected');
      });
      await queue.enqueue<Payload>(name, { n: 1 });
      await eventually(
        () => queue.counts(name),
        (c) => c.failed === 1,
        20_000,
      );
      await sleep(options.quietMs);
      expect(tries).toEqual([1]);
      expect(await queue.counts(name)).toEqual({ waiting: 0, active: 0, failed: 1 });
    });

    it('holds a delayed job back until its delay has passed (counted as waiting meanwhile)', async () => {
      const queue = await open();
      const name = nextName();
      const ran: number[] = [];
      await queue.work<Payload>(name, async () => {
        ran.push(Date.now());
      });
      const enqueuedAt = Date.now();
      await queue.enqueue<Payload>(name, { n: 1 }, { delayMs: 2000, dedupeKey: 'delayed-a' });
      expect((await queue.counts(name)).waiting).toBe(1);
      // a second copy while it waits is ignored, delay or not
      expect(await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'delayed-a' })).toBeNull();
      await eventually(
        () => ran.length,
        (n) => n === 1,
      );
      // a lower bound only: a loaded machine makes it later, never earlier
      expect(ran[0]! - enqueuedAt).toBeGreaterThanOrEqual(1900);
      await sleep(options.quietMs);
      expect(ran).toHaveLength(1);
    });

    it('does not queue a second copy of a job whose dedupeKey is waiting', async () => {
      const queue = await open();
      const name = nextName();
      const first = await queue.enqueue<Payload>(name, { n: 1 }, { dedupeKey: 'report-a' });
      const second = await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' });
      const other = await queue.enqueue<Payload>(name, { n: 3 }, { dedupeKey: 'report-b' });
      expect(first).toEqual(expect.any(String));
      expect(second).toBeNull();
      expect(other).toEqual(expect.any(String));
      expect((await queue.counts(name)).waiting).toBe(2);

      const seen: number[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job.data.n);
      });
      await eventually(
        () => seen.length,
        (n) => n === 2,
      );
      await sleep(options.quietMs);
      expect(seen.sort()).toEqual([1, 3]);
    });

    it('enqueues many jobs at once, each as enqueue would: a key already waiting is left out', async () => {
      const queue = await open();
      const name = nextName();
      await queue.enqueue<Payload>(name, { n: 1 }, { dedupeKey: 'update-a' });
      await queue.enqueueMany<Payload>(name, [
        { data: { n: 2 }, dedupeKey: 'update-a' },
        { data: { n: 3 }, dedupeKey: 'update-b' },
        { data: { n: 4 } },
        { data: { n: 5 } },
      ]);
      await queue.enqueueMany<Payload>(name, []);
      expect((await queue.counts(name)).waiting).toBe(4);

      const seen: number[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job.data.n);
      });
      await eventually(
        () => seen.length,
        (n) => n === 4,
      );
      await sleep(options.quietMs);
      expect(seen.sort()).toEqual([1, 3, 4, 5]);
    });

    it('frees a dedupeKey once its job has finished, so it can be queued again', async () => {
      const queue = await open();
      const name = nextName();
      const seen: number[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job.data.n);
      });
      await queue.enqueue<Payload>(name, { n: 1 }, { dedupeKey: 'report-a' });
      await eventually(
        () => seen.length,
        (n) => n === 1,
      );
      await eventually(
        () => queue.counts(name),
        (c) => c.active === 0,
      );
      expect(await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' })).toEqual(expect.any(String));
      await eventually(
        () => seen,
        (s) => s.length === 2,
      );
      expect(seen).toEqual([1, 2]);
    });

    it('runs a job enqueued while its key is running once more, after it', async () => {
      const queue = await open();
      const name = nextName();
      const gate = deferred();
      const seen: number[] = [];
      await queue.work<Payload>(name, async (job) => {
        seen.push(job.data.n);
        if (job.data.n === 1) await gate.promise;
      });
      await queue.enqueue<Payload>(name, { n: 1 }, { dedupeKey: 'report-a' });
      await eventually(
        () => seen.length,
        (n) => n === 1,
      );
      await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' });
      await queue.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' });
      gate.resolve();
      await eventually(
        () => seen.length,
        (n) => n === 2,
      );
      await sleep(options.quietMs);
      expect(seen).toEqual([1, 2]);
    });

    it('keeps jobs enqueued before any worker and delivers them to a later queue object', async () => {
      const producer = await open();
      const name = nextName();
      await producer.enqueue<Payload>(name, { n: 1 });
      await producer.enqueue<Payload>(name, { n: 2 }, { dedupeKey: 'report-a' });
      await stop(producer);

      const consumer = await open();
      expect((await consumer.counts(name)).waiting).toBe(2);
      const seen: number[] = [];
      await consumer.work<Payload>(name, async (job) => {
        seen.push(job.data.n);
      });
      await eventually(
        () => seen.length,
        (n) => n === 2,
      );
      expect(seen.sort()).toEqual([1, 2]);
    });

    it('waits in stop() for a running handler to finish', async () => {
      const queue = await open();
      const name = nextName();
      const started = deferred();
      let finished = false;
      await queue.work<Payload>(name, async () => {
        started.resolve();
        await sleep(600);
        finished = true;
      });
      await queue.enqueue<Payload>(name, { n: 1 });
      await started.promise;
      await stop(queue);
      expect(finished).toBe(true);

      const after = await open();
      expect(await after.counts(name)).toEqual({ waiting: 0, active: 0, failed: 0 });
    });

    it('counts waiting jobs', async () => {
      const queue = await open();
      const name = nextName();
      expect(await queue.counts(name)).toEqual({ waiting: 0, active: 0, failed: 0 });
      for (const n of [1, 2, 3]) await queue.enqueue<Payload>(name, { n });
      expect(await queue.counts(name)).toEqual({ waiting: 3, active: 0, failed: 0 });
    });

    it('answers ping while running', async () => {
      const queue = await open();
      await expect(queue.ping()).resolves.toBeUndefined();
    });
  });
}
