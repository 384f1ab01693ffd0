import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * A generous cap on analytics events per client IP and report (a real visit sends a few dozen an
 * hour), so a script with a report link cannot flood report_views. Per process, in memory: a
 * cap on abuse, not an exact count.
 */
export function createEventLimit(pointsPerMinute = 120) {
  const limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  return async (ip: string, reportId: string): Promise<boolean> => {
    try {
      await limiter.consume(`${ip}|${reportId}`);
      return true;
    } catch {
      return false;
    }
  };
}
