import { trainMarketTrees } from '@opencma/core';
import { describe, expect, it } from 'vitest';
import { market } from '../../../packages/core/test/helpers';
import { trainTreesInThreads } from '../src/training/tree-pool';

/** Worker threads alive in this process (Node lists each one's port as an active 'MessagePort'). */
const liveThreads = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

describe('trainTreesInThreads (decision 0038)', () => {
  const sales = market(1200, 21);
  const params = { trees: 30 };
  const dates = ['2014-12-01', '2014-11-24', '2014-11-17', '2014-11-10'];

  it('trains each date in threads: the same trees as in process, while this event loop keeps turning', async () => {
    const before = liveThreads();
    let turns = 0;
    let training = true;
    const spin = () => {
      turns++;
      if (training) setImmediate(spin);
    };
    setImmediate(spin);
    const started = performance.now();
    let maxGap = 0;
    let peakThreads = 0;
    let last = performance.now();
    const gaps = setInterval(() => {
      peakThreads = Math.max(peakThreads, liveThreads() - before);
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    const trained = await trainTreesInThreads({ sales, params, threads: 2 }, [...dates, dates[0]!]).finally(() => {
      training = false;
      clearInterval(gaps);
    });
    console.log(
      `tree pool: ${dates.length} dates in 2 threads, ${(performance.now() - started).toFixed(0)} ms wall; event loop turned ${turns} times, longest timer gap ${maxGap.toFixed(0)} ms`,
    );
    expect([...trained.keys()].sort()).toEqual([...dates].sort());
    for (const d of dates) expect(trained.get(d)).toEqual(trainMarketTrees({ sales, asOf: d, params }));
    // In process (trainMarketTrees is synchronous) the loop could not turn at all until training ended.
    expect(turns).toBeGreaterThan(dates.length);
    // Two threads ran (the thread count is seen), and none is left once the call returns.
    expect(peakThreads).toBe(2);
    expect(liveThreads()).toBe(before);
  });

  it('rejects when a thread fails, and leaves no thread running', async () => {
    const before = liveThreads();
    const broken = [...sales.slice(0, 300), { ...sales[300]!, closeDate: 20141101 as unknown as string }];
    await expect(trainTreesInThreads({ sales: broken, params, threads: 2 }, dates)).rejects.toThrow(/tree thread failed: .*slice/);
    expect(liveThreads()).toBe(before);
  });

  it('trains nothing (and starts no thread) for no dates', async () => {
    expect((await trainTreesInThreads({ sales, threads: 2 }, [])).size).toBe(0);
  });
});
