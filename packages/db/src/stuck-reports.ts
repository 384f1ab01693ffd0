import { and, eq, lt, or } from 'drizzle-orm';
import type { Db } from './client';
import { consumer_reports } from './schema';

/**
 * Reports that should be moving but are not: pending past `pendingBefore` (lost enqueue, lost queue)
 * or processing since before `processingBefore` (a worker died mid-job).
 */
export async function findStuckReportIds(db: Db, opts: { pendingBefore: Date; processingBefore: Date; limit?: number }): Promise<string[]> {
  const rows = await db
    .select({ id: consumer_reports.id })
    .from(consumer_reports)
    .where(
      or(
        and(eq(consumer_reports.status, 'pending'), lt(consumer_reports.created_at, opts.pendingBefore)),
        and(eq(consumer_reports.status, 'processing'), lt(consumer_reports.processing_started_at, opts.processingBefore)),
      ),
    )
    .limit(opts.limit ?? 100);
  return rows.map((r) => r.id);
}
