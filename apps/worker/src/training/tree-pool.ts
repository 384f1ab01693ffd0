/**
 * Trains the trees of many as-of dates in `node:worker_threads` (decision 0038), so a market-model
 * version (trainMarketVersion's `trainTreesMany` hook) trains on several cores and the calling process's
 * event loop stays free for reports. Used by the worker's train_market_model job and `npm run train-model`.
 *
 * Each call starts its threads, sends each thread the sales once (structured clone), hands out the dates
 * one at a time to whichever thread is free, and terminates every thread when done or on the first
 * failure (a thread's error or exit rejects the call; the queue retries the job): no thread outlives it.
 *
 * The project runs TypeScript through tsx (decision 0002): the thread's entry is a .ts file, so each thread
 * first registers tsx's loader (tsx/esm/api) and then imports it. That works under `npm start`,
 * `tsx script.ts` and vitest alike (apps/worker/test/tree-pool.test.ts runs it under vitest).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GbtParams, Sale, VersionTrees } from '@opencma/core';

/** Messages to a tree thread. */
export type ToThread = { type: 'sales'; sales: readonly Sale[]; params?: Partial<GbtParams> } | { type: 'train'; date: string };
interface FromThread {
  date: string;
  trees: VersionTrees;
}

export interface TreeThreadsInput {
  /** Every sale the version may learn from; each date's trees use those strictly before it. */
  sales: readonly Sale[];
  params?: Partial<GbtParams>;
  /** Threads to start (at most one per date; at least 1). */
  threads: number;
}

/**
 * The thread's bootstrap: registers tsx's ESM hooks in the thread, then imports tree-thread.ts. (On Node 20
 * a thread's `--import tsx` registers the hooks too late for its own .ts entry file, hence this.)
 */
function bootstrap(): string {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx')), 'esm/api/index.mjs')).href;
  const entry = new URL('./tree-thread.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/** The trees of every date, trained in `threads` worker threads; rejects (and stops every thread) on a thread's failure. */
export async function trainTreesInThreads(input: TreeThreadsInput, dates: readonly string[]): Promise<Map<string, VersionTrees>> {
  const todo = [...new Set(dates)];
  const result = new Map<string, VersionTrees>();
  if (todo.length === 0) return result;
  const count = Math.max(1, Math.min(Math.floor(input.threads), todo.length));
  const code = bootstrap();
  const threads: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const feed = (thread: Worker) => {
        if (next < todo.length) thread.postMessage({ type: 'train', date: todo[next++]! } satisfies ToThread);
      };
      for (let i = 0; i < count; i++) {
        const thread = new Worker(code, { eval: true });
        threads.push(thread);
        thread.on('message', (m: FromThread) => {
          result.set(m.date, m.trees);
          if (result.size === todo.length && !settled) {
            settled = true;
            resolve();
          } else feed(thread);
        });
        thread.on('error', (err) => fail(new Error(`tree thread failed: ${err.message}`, { cause: err })));
        thread.on('exit', (code) => fail(new Error(`tree thread exited (code ${code}) before training finished`)));
        thread.postMessage({ type: 'sales', sales: input.sales, params: input.params } satisfies ToThread);
        feed(thread);
      }
    });
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return result;
}
