import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src';

describe('delivery retry backoff', () => {
  it('doubles per attempt, jittered within the upper half of each step, capped', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, opts, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, opts, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(20, opts, () => 1)).toBe(60_000);
    expect(retryDelayMs(20, opts, () => 0)).toBe(30_000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(3, opts);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it("waits at least as long as the provider's Retry-After, within the cap", () => {
    expect(retryDelayMs(1, { baseMs: 1000, retryAfterMs: 30_000 }, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 10_000, retryAfterMs: 30_000 }, () => 0)).toBe(10_000);
    expect(retryDelayMs(1, {}, () => 1)).toBe(30_000);
  });
});
