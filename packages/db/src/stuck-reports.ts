import { and, count, eq, lt, or } from 'drizzle-orm';
import type { Db } from './client';
import type { ReportStatus } from '@opencma/core';
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

/** How many reports are in each status (every status present, 0 when none): the reports' own story, for operators. */
export async function countReportsByStatus(db: Db): Promise<Record<ReportStatus, number>> {
  const rows = await db.select({ status: consumer_reports.status, n: count() }).from(consumer_reports).groupBy(consumer_reports.status);
  const counts: Record<ReportStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
  for (const r of rows) if (r.status in counts) counts[r.status] = Number(r.n);
  return counts;
}
