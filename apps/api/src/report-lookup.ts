import type { RouteDeps } from './deps';
import { ApiError } from './errors';

/**
 * Looks a report up for a client and applies the unknown-id limit (decision 0017). `lookup` does the
 * same database work whether the id exists or not, and the limit is asked the same way for both, so
 * an unknown id is answered no faster than a known one; a client over the limit gets 429 for every id.
 * Returns what `lookup` found (null: unknown, the caller answers 404).
 */
export async function lookUpReportFor<T>(
  deps: Pick<RouteDeps, 'rateLimits' | 'metrics'>,
  ip: string,
  lookup: () => Promise<T | null>,
): Promise<T | null> {
  const found = await lookup();
  try {
    await deps.rateLimits.reportLookups.record(ip, found !== null);
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 429) deps.metrics?.reportLookup('limited');
    throw err;
  }
  if (found === null) deps.metrics?.reportLookup('unknown');
  return found;
}
