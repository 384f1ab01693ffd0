import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getConsumerReport, homeValueHistory, type ConsumerReport, type HomeValueHistoryEntry } from '@opencma/db';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { lookUpReportFor } from '../report-lookup';
import { errorBody, reportHistoryResponse, reportIdParam } from '../schemas';

type Entry = { kind: 'report' | 'update'; date: string; estimate: { value: number; low: number; high: number } | null; change: number | null };

/** The first report's valuation and each sent update, oldest first, each with its change since the one before that had an estimate. */
export function historyEntries(report: ConsumerReport, updates: HomeValueHistoryEntry[]): Entry[] {
  const first: Omit<Entry, 'change'> = {
    kind: 'report',
    date: report.valuation?.valuationDate ?? (report.completed_at ?? report.created_at).toISOString().slice(0, 10),
    estimate:
      report.estimate_value !== null && report.estimate_low !== null && report.estimate_high !== null
        ? { value: report.estimate_value, low: report.estimate_low, high: report.estimate_high }
        : null,
  };
  const rest = updates.map((u) => ({ kind: 'update' as const, date: u.valuedAt ?? u.sentAt.toISOString().slice(0, 10), estimate: u.estimate }));
  let before: number | null = null;
  return [first, ...rest].map((e) => {
    const change = e.estimate && before !== null ? e.estimate.value - before : null;
    if (e.estimate) before = e.estimate.value;
    return { ...e, change };
  });
}

/**
 * GET /v1/consumer-reports/{id}/history: every valuation of the report's home with its date — the
 * first report and each sent value update (issue #19). The same capability as the report (its id),
 * the same unknown-id limit (decision 0017); only a completed report has a history.
 */
export const reportHistoryRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;
  app.get(
    '/v1/consumer-reports/:id/history',
    {
      schema: {
        summary: "The value history of a report's home: the first report and each sent update, oldest first",
        tags: ['consumer-reports', 'home-updates'],
        params: reportIdParam,
        response: { 200: reportHistoryResponse, 404: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const found = await lookUpReportFor(deps, req.ip, async () => {
        const row = await getConsumerReport(db, req.params.id);
        const updates = await homeValueHistory(db, req.params.id);
        return row?.status === 'completed' ? { row, updates } : null;
      });
      if (!found) throw notFound('Report', 'report_not_found');
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      return { reportId: found.row.id, entries: historyEntries(found.row, found.updates) };
    },
  );
};
