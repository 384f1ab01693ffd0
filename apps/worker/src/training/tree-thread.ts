/**
 * One thread of the tree pool (tree-pool.ts): receives the sales and parameters once, then trains the
 * trees of each date it is sent and posts them back. Started by trainTreesInThreads only.
 */
import { parentPort } from 'node:worker_threads';
import { type Sale, trainMarketTrees } from '@opencma/core';
import type { ToThread } from './tree-pool';

if (!parentPort) throw new Error('tree-thread.ts runs only as a worker thread (trainTreesInThreads)');
const port = parentPort;
let input: Extract<ToThread, { type: 'sales' }> | null = null;
port.on('message', (message: ToThread) => {
  if (message.type === 'sales') {
    input = message;
    return;
  }
  if (!input) throw new Error('tree thread: a date came before the sales');
  const trees = trainMarketTrees({ sales: input.sales as Sale[], asOf: message.date, params: input.params });
  port.postMessage({ date: message.date, trees });
});
