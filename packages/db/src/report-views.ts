import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { insertLeadEvent } from './lead-events';
import { markIfLikelyToSell, SIGNAL_EVENT_TYPES } from './likely-to-sell';
import { consumer_reports, report_views } from './schema';

/**
 * `cma.requested`: the homeowner asked for an exact price (a personal CMA or a visit) from the agent.
 * `net_proceeds`: they used the equity / net-proceeds calculator (their figures are not recorded).
 */
export const REPORT_EVENT_TYPES = [
  'view',
  'section_view',
  'pdf_download',
  'share',
  'contact_tap',
  'heartbeat',
  'cma.requested',
  'net_proceeds',
] as const;
export type ReportEventType = (typeof REPORT_EVENT_TYPES)[number];
export type DeviceType = 'mobile' | 'tablet' | 'desktop';

export interface NewReportEvent {
  report_id: string;
  event_type: ReportEventType;
  session_id: string;
  device_type: DeviceType | null;
  browser: string | null;
  os: string | null;
  referrer: string | null;
  duration_ms: number | null;
  detail: Record<string, string | number | boolean | null> | null;
  viewed_at?: Date;
}

/**
 * Appends one analytics event of a report page. The first `view` of each session also writes a
 * report.viewed lead event in the same transaction (decision 0019), the first `cma.requested` of the report
 * a cma.requested lead event; an event that counts toward the "likely to sell" rule re-scores the report
 * there too and may write lead.likely_to_sell once (decision 0029). Returns the ids of the lead events
 * written (often none).
 */
export async function insertReportEvent(db: Db, event: NewReportEvent): Promise<string[]> {
  const row = { ...event, viewed_at: event.viewed_at ?? new Date() };
  if (!(SIGNAL_EVENT_TYPES as readonly string[]).includes(event.event_type)) {
    await db.insert(report_views).values(row);
    return [];
  }
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    // one scoring at a time per lead, as for value-update opens (decision 0036): the later one sees both
    await tx.select({ id: consumer_reports.id }).from(consumer_reports).where(eq(consumer_reports.id, event.report_id)).for('update');
    await tx.insert(report_views).values(row);
    const ids: (string | null)[] = [];
    if (event.event_type === 'view') {
      // At most one per (report, session): the unique index lead_events_report_session_view_uq.
      ids.push(
        await insertLeadEvent(tx, {
          type: 'report.viewed',
          report_id: event.report_id,
          data: { session_id: event.session_id, device_type: event.device_type },
        }),
      );
    }
    if (event.event_type === 'cma.requested') {
      // at most once per report (lead_events_report_cma_uq): a second tap is recorded, not delivered again
      ids.push(await insertLeadEvent(tx, { type: 'cma.requested', report_id: event.report_id, data: { session_id: event.session_id } }));
    }
    ids.push(await markIfLikelyToSell(tx, event.report_id, row.viewed_at));
    return ids.filter((id): id is string => id !== null);
  });
}

/** Engagement of one report, as an agent sees it. */
export interface ReportActivity {
  views: number;
  sessions: number;
  last_viewed_at: string | null;
  device_types: DeviceType[];
  pdf_downloads: number;
  shares: number;
  contact_taps: number;
  /** When the homeowner first asked for an exact price (event `cma.requested`); null: not asked. */
  cma_requested_at: string | null;
  /** Longest time on page of any session, in ms (from heartbeats / page hide). */
  max_duration_ms: number | null;
  sections_viewed: string[];
}

export interface AgentLead {
  id: string;
  property_address: string;
  consumer_phone: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  estimate: { value: number; low: number | null; high: number | null; confidence: string | null } | null;
  pdf_status: string;
  activity: ReportActivity;
}

/** A report nobody has opened yet. */
export const EMPTY_ACTIVITY: ReportActivity = {
  views: 0,
  sessions: 0,
  last_viewed_at: null,
  device_types: [],
  pdf_downloads: 0,
  shares: 0,
  contact_taps: 0,
  cma_requested_at: null,
  max_duration_ms: null,
  sections_viewed: [],
};

interface ActivityRow {
  report_id: string;
  views: number;
  sessions: number;
  last_viewed_at: Date | string | null;
  device_types: string[] | null;
  pdf_downloads: number;
  shares: number;
  contact_taps: number;
  cma_requested_at: Date | string | null;
  max_duration_ms: number | null;
  sections_viewed: string[] | null;
}

/** Activity per report for the given reports, in one aggregate query. */
export async function reportActivity(db: Db, reportIds: string[]): Promise<Map<string, ReportActivity>> {
  const out = new Map<string, ReportActivity>();
  if (reportIds.length === 0) return out;
  const v = report_views;
  const rows = (await db
    .select({
      report_id: v.report_id,
      views: sql<number>`count(*) filter (where ${v.event_type} = 'view')::int`,
      sessions: sql<number>`count(distinct ${v.session_id})::int`,
      last_viewed_at: sql<Date | string | null>`max(${v.viewed_at})`,
      device_types: sql<string[] | null>`array_remove(array_agg(distinct ${v.device_type}), null)`,
      pdf_downloads: sql<number>`count(*) filter (where ${v.event_type} = 'pdf_download')::int`,
      shares: sql<number>`count(*) filter (where ${v.event_type} = 'share')::int`,
      contact_taps: sql<number>`count(*) filter (where ${v.event_type} = 'contact_tap')::int`,
      cma_requested_at: sql<Date | string | null>`min(${v.viewed_at}) filter (where ${v.event_type} = 'cma.requested')`,
      max_duration_ms: sql<number | null>`max(${v.duration_ms})::int`,
      sections_viewed: sql<string[] | null>`array_remove(array_agg(distinct ${v.detail}->>'section'), null)`,
    })
    .from(v)
    .where(inArray(v.report_id, reportIds))
    .groupBy(v.report_id)) as ActivityRow[];
  for (const r of rows) {
    out.set(r.report_id, {
      views: Number(r.views),
      sessions: Number(r.sessions),
      last_viewed_at: r.last_viewed_at ? new Date(r.last_viewed_at).toISOString() : null,
      device_types: ((r.device_types ?? []) as DeviceType[]).sort(),
      pdf_downloads: Number(r.pdf_downloads),
      shares: Number(r.shares),
      contact_taps: Number(r.contact_taps),
      cma_requested_at: r.cma_requested_at ? new Date(r.cma_requested_at).toISOString() : null,
      max_duration_ms: r.max_duration_ms === null ? null : Number(r.max_duration_ms),
      sections_viewed: (r.sections_viewed ?? []).sort(),
    });
  }
  return out;
}

/** An agent's leads, newest first, each with its report's engagement. */
export async function listAgentLeads(db: Db, agentId: string, opts: { limit?: number } = {}): Promise<AgentLead[]> {
  const c = consumer_reports;
  const rows = await db
    .select()
    .from(c)
    .where(eq(c.agent_id, agentId))
    .orderBy(desc(c.created_at))
    .limit(opts.limit ?? 100);
  const activity = await reportActivity(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    property_address: r.property_address,
    consumer_phone: r.consumer_phone,
    status: r.status,
    created_at: r.created_at.toISOString(),
    completed_at: r.completed_at ? r.completed_at.toISOString() : null,
    estimate:
      r.estimate_value !== null ? { value: r.estimate_value, low: r.estimate_low, high: r.estimate_high, confidence: r.estimate_confidence } : null,
    pdf_status: r.pdf_status,
    activity: activity.get(r.id) ?? { ...EMPTY_ACTIVITY },
  }));
}
