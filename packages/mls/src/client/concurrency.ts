/**
 * A counting semaphore: at most `max` tasks run at once, the rest wait in FIFO order.
 * (Ten lines instead of a dependency: p-limit would do the same, but we also need the slot to be
 * released between retry attempts, which a wrapper per attempt gives for free.)
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${max}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next)
        next(); // hand the slot over directly
      else running -= 1;
    }
  };
}
