import { likelyToSellScore } from '@opencma/core';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from './client';
import { insertLeadEvent } from './lead-events';
import { consumer_reports, home_subscriptions, home_updates, report_views } from './schema';

/** Report events that count toward the "likely to sell" rule (packages/core likely-to-sell.ts). */
export const SIGNAL_EVENT_TYPES = ['view', 'net_proceeds', 'pdf_download', 'contact_tap', 'cma.requested'] as const;

/**
 * Re-scores a report after one of its signal events was written, inside the caller's transaction.
 * When the score crosses the threshold for the first time the report is marked (`likely_to_sell_at`)
 * and a `lead.likely_to_sell` lead event is written; the conditional update (row lock, re-checked by
 * a concurrent writer) and the unique index lead_events_likely_to_sell_uq make it once only.
 * Returns the new lead event's id, or null.
 */
export async function markIfLikelyToSell(tx: Db, reportId: string, at: Date): Promise<string | null> {
  const [report] = await tx
    .select({ marked: consumer_reports.likely_to_sell_at })
    .from(consumer_reports)
    .where(eq(consumer_reports.id, reportId))
    .limit(1);
  if (!report || report.marked) return null;
  const rows = await tx
    .select({ type: report_views.event_type, at: report_views.viewed_at })
    .from(report_views)
    .where(and(eq(report_views.report_id, reportId), inArray(report_views.event_type, [...SIGNAL_EVENT_TYPES])))
    .orderBy(asc(report_views.viewed_at));
  const updates = await updateEngagement(tx, reportId);
  const score = likelyToSellScore({ actions: rows.map((r) => ({ type: r.type, at: r.at.toISOString() })), ...updates });
  if (!score.likely) return null;
  const marked = await tx
    .update(consumer_reports)
    .set({ likely_to_sell_at: at })
    .where(and(eq(consumer_reports.id, reportId), isNull(consumer_reports.likely_to_sell_at)))
    .returning({ id: consumer_reports.id });
  if (marked.length === 0) return null;
  return insertLeadEvent(tx, { type: 'lead.likely_to_sell', report_id: reportId, data: { score: score.score, reasons: score.reasons } });
}

/**
 * What the homeowner did with the report's value updates (decision 0036): per period, oldest first,
 * whether a person opened a sent update (any subscription of the report; an update that went out as
 * `unknown` but was opened counts as sent), and how many updates a person clicked through from.
 */
async function updateEngagement(tx: Db, reportId: string): Promise<{ updatesOpened?: boolean[]; updatesClicked?: number }> {
  const rows = await tx
    .select({ period: home_updates.period, status: home_updates.status, opened_at: home_updates.opened_at, clicked_at: home_updates.clicked_at })
    .from(home_updates)
    .innerJoin(home_subscriptions, eq(home_subscriptions.id, home_updates.subscription_id))
    .where(eq(home_subscriptions.report_id, reportId))
    .orderBy(asc(home_updates.period));
  const opened = new Map<string, boolean>();
  let clicked = 0;
  for (const r of rows) {
    if (r.clicked_at) clicked++;
    if (r.status !== 'sent' && !r.opened_at) continue;
    opened.set(r.period, (opened.get(r.period) ?? false) || r.opened_at !== null);
  }
  if (opened.size === 0 && clicked === 0) return {};
  return { updatesOpened: [...opened.values()], updatesClicked: clicked };
}
