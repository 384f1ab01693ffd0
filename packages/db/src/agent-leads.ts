import { and, asc, count, desc, eq, gt, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { findLeadDigest } from './agent-alerts';
import type { ReportFailureCode } from '@opencma/core';
import type { Db } from './client';
import { listLeadHomeUpdates, type LeadHomeUpdate } from './home-update-engagement';
import { insertLeadEvent } from './lead-events';
import { EMPTY_ACTIVITY, reportActivity, type ReportActivity } from './report-views';
import { consumer_reports, lead_notes, report_views, sms_logs, users, type ConsumerReport, type LeadStatus } from './schema';

/**
 * Whose leads a query may return: one agent's, or every lead of an account (its admin). Every
 * function here that returns or changes a lead takes one and filters by it in SQL, so a lead outside
 * it is indistinguishable from one that does not exist.
 */
export type LeadScope = { kind: 'agent'; userId: string } | { kind: 'account'; accountId: string; userId: string };

const c = consumer_reports;

function inScope(db: Db, scope: LeadScope): SQL {
  if (scope.kind === 'agent') return eq(c.agent_id, scope.userId);
  return inArray(c.agent_id, db.select({ id: users.id }).from(users).where(eq(users.account_id, scope.accountId)));
}

/** A homeowner who came back (two or more visits) or spent real time (a minute or more) on the report. */
export const HOT_MIN_DURATION_MS = 60_000;
export function isHotLead(a: Pick<ReportActivity, 'sessions' | 'max_duration_ms'>): boolean {
  return a.sessions >= 2 || (a.max_duration_ms ?? 0) >= HOT_MIN_DURATION_MS;
}

export interface LeadSummary {
  id: string;
  agent_id: string;
  agent_name: string;
  property_address: string;
  consumer_phone: string;
  status: string;
  lead_status: LeadStatus;
  created_at: string;
  completed_at: string | null;
  estimate: { value: number; low: number | null; high: number | null; confidence: string | null } | null;
  pdf_status: string;
  /** No instant estimate was possible (the address could not be located): the agent owes a personal valuation. */
  needs_personal_valuation: boolean;
  activity: ReportActivity;
  hot: boolean;
  /** When the homeowner crossed the "likely to sell" threshold (decision 0029); null: not (yet). */
  likely_to_sell_at: string | null;
}

export interface LeadListQuery {
  /** Part of the address or the phone number. */
  q?: string;
  lead_status?: LeadStatus;
  report_status?: string;
  /** Only leads created after this time (the inbox asks for new ones). */
  after?: Date;
  page?: number;
  pageSize?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The columns a lead summary needs (not the report's large JSON: subject, comps, market). */
const SUMMARY_COLUMNS = {
  id: c.id,
  agent_id: c.agent_id,
  property_address: c.property_address,
  consumer_phone: c.consumer_phone,
  status: c.status,
  lead_status: c.lead_status,
  created_at: c.created_at,
  completed_at: c.completed_at,
  estimate_value: c.estimate_value,
  estimate_low: c.estimate_low,
  estimate_high: c.estimate_high,
  estimate_confidence: c.estimate_confidence,
  pdf_status: c.pdf_status,
  needs_personal_valuation: c.needs_personal_valuation,
  likely_to_sell_at: c.likely_to_sell_at,
};
type SummaryRow = Pick<ConsumerReport, keyof typeof SUMMARY_COLUMNS>;

function summaryOf(r: SummaryRow, agentName: string, activity: ReportActivity | undefined): LeadSummary {
  const a = activity ?? { ...EMPTY_ACTIVITY };
  return {
    id: r.id,
    agent_id: r.agent_id,
    agent_name: agentName,
    property_address: r.property_address,
    consumer_phone: r.consumer_phone,
    status: r.status,
    lead_status: r.lead_status,
    created_at: r.created_at.toISOString(),
    completed_at: r.completed_at ? r.completed_at.toISOString() : null,
    estimate:
      r.estimate_value !== null ? { value: r.estimate_value, low: r.estimate_low, high: r.estimate_high, confidence: r.estimate_confidence } : null,
    pdf_status: r.pdf_status,
    needs_personal_valuation: r.needs_personal_valuation,
    activity: a,
    hot: isHotLead(a),
    likely_to_sell_at: r.likely_to_sell_at ? r.likely_to_sell_at.toISOString() : null,
  };
}

/** One page of the scope's leads, newest first, with engagement, and how many match in all. */
export async function listScopedLeads(db: Db, scope: LeadScope, query: LeadListQuery = {}): Promise<{ leads: LeadSummary[]; total: number }> {
  const pageSize = query.pageSize ?? 25;
  const page = Math.max(1, query.page ?? 1);
  const where: SQL[] = [inScope(db, scope)];
  if (query.lead_status) where.push(eq(c.lead_status, query.lead_status));
  if (query.report_status) where.push(eq(c.status, query.report_status as ConsumerReport['status']));
  if (query.after) where.push(gt(c.created_at, query.after));
  const q = query.q?.trim();
  if (q) {
    const digits = q.replace(/\D/g, '');
    const matches = [ilike(c.property_address, `%${escapeLike(q)}%`)];
    if (digits.length >= 3) matches.push(sql`${c.consumer_phone} like ${`%${digits}%`}`);
    where.push(or(...matches)!);
  }
  const filter = and(...where);
  const [rows, totals] = await Promise.all([
    // newest first straight from the (agent_id, created_at) index: no sort of the agent's whole list
    db
      .select({ report: SUMMARY_COLUMNS, agent_name: users.name })
      .from(c)
      .innerJoin(users, eq(users.id, c.agent_id))
      .where(filter)
      .orderBy(desc(c.created_at))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(c).where(filter),
  ]);
  const activity = await reportActivity(
    db,
    rows.map((r) => r.report.id),
  );
  return { leads: rows.map((r) => summaryOf(r.report, r.agent_name, activity.get(r.report.id))), total: Number(totals[0]?.n ?? 0) };
}

export interface LeadEvent {
  type: string;
  at: string;
  session_id: string | null;
  device_type: string | null;
  browser: string | null;
  os: string | null;
  referrer: string | null;
  duration_ms: number | null;
  detail: Record<string, string | number | boolean | null> | null;
}

export interface LeadText {
  recipient_role: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  /** A lead alert past the hourly cap (status `digested`): the digest text that covered it (decision 0024). */
  digest: { status: string; sent_at: string | null } | null;
}

export interface LeadNoteView {
  id: string;
  body: string;
  author_name: string;
  created_at: string;
}

export interface LeadDetail extends LeadSummary {
  failure_reason: string | null;
  failure_code: ReportFailureCode | null;
  consent: { text: string; text_sha256: string; at: string; ip: string | null; user_agent: string | null; page_url: string | null };
  lead_status_at: string | null;
  events: LeadEvent[];
  texts: LeadText[];
  notes: LeadNoteView[];
  /** The homeowner's value updates: sent (or failed/unknown), opened, clicked (decision 0036). */
  updates: LeadHomeUpdate[];
}

/** The lead with its timeline, consent record, texts and notes; null when it does not exist or is outside the scope. */
export async function findScopedLead(db: Db, scope: LeadScope, id: string): Promise<LeadDetail | null> {
  const [row] = await db
    .select({ report: c, agent_name: users.name })
    .from(c)
    .innerJoin(users, eq(users.id, c.agent_id))
    .where(and(eq(c.id, id), inScope(db, scope)))
    .limit(1);
  if (!row) return null;
  const r = row.report;
  const [activity, events, texts, notes, updates] = await Promise.all([
    reportActivity(db, [r.id]),
    db
      .select()
      .from(report_views)
      .where(and(eq(report_views.report_id, r.id), sql`${report_views.event_type} <> 'heartbeat'`))
      .orderBy(asc(report_views.viewed_at))
      .limit(500),
    db.select().from(sms_logs).where(eq(sms_logs.report_id, r.id)).orderBy(asc(sms_logs.created_at)),
    db
      .select({ id: lead_notes.id, body: lead_notes.body, author_name: users.name, created_at: lead_notes.created_at })
      .from(lead_notes)
      .innerJoin(users, eq(users.id, lead_notes.author_id))
      .where(eq(lead_notes.report_id, r.id))
      .orderBy(desc(lead_notes.created_at)),
    listLeadHomeUpdates(db, r.id),
  ]);
  return {
    ...summaryOf(r, row.agent_name, activity.get(r.id)),
    failure_reason: r.failure_reason,
    failure_code: r.failure_code ?? null,
    consent: {
      text: r.consent_text,
      text_sha256: r.consent_text_sha256,
      at: r.consent_at.toISOString(),
      ip: r.consent_ip,
      user_agent: r.consent_user_agent,
      page_url: r.consent_page_url,
    },
    lead_status_at: r.lead_status_at ? r.lead_status_at.toISOString() : null,
    events: events.map((e) => ({
      type: e.event_type,
      at: e.viewed_at.toISOString(),
      session_id: e.session_id,
      device_type: e.device_type,
      browser: e.browser,
      os: e.os,
      referrer: e.referrer,
      duration_ms: e.duration_ms,
      detail: e.detail,
    })),
    texts: await Promise.all(
      texts.map(async (t) => {
        const digest = t.status === 'digested' && t.agent_id && t.alert_window ? await findLeadDigest(db, t.agent_id, t.alert_window) : null;
        return {
          recipient_role: t.recipient_role,
          status: t.status,
          error_code: t.error_code,
          error_message: t.error_message,
          created_at: t.created_at.toISOString(),
          sent_at: t.sent_at ? t.sent_at.toISOString() : null,
          updated_at: t.updated_at.toISOString(),
          digest: digest && { status: digest.status, sent_at: digest.sent_at ? digest.sent_at.toISOString() : null },
        };
      }),
    ),
    notes: notes.map((n) => ({ ...n, created_at: n.created_at.toISOString() })),
    updates,
  };
}

/**
 * Sets the pipeline status of a lead in the scope; found: false when there is no such lead. A change
 * writes its lead.status_changed event in the same transaction (decision 0019); setting the status it
 * already has writes none (eventId null).
 */
export async function setScopedLeadStatus(
  db: Db,
  scope: LeadScope,
  id: string,
  status: LeadStatus,
): Promise<{ found: boolean; eventId: string | null }> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const [before] = await tx
      .select({ lead_status: c.lead_status })
      .from(c)
      .where(and(eq(c.id, id), inScope(tx, scope)))
      .for('update');
    if (!before) return { found: false, eventId: null };
    await tx.update(c).set({ lead_status: status, lead_status_at: new Date() }).where(eq(c.id, id));
    if (before.lead_status === status) return { found: true, eventId: null };
    const eventId = await insertLeadEvent(tx, { type: 'lead.status_changed', report_id: id, data: { from: before.lead_status, to: status } });
    return { found: true, eventId };
  });
}

/** Adds a note to a lead in the scope; null when there is no such lead. */
export async function addScopedLeadNote(db: Db, scope: LeadScope, id: string, body: string): Promise<LeadNoteView | null> {
  const inserted = await db.execute<{ id: string; created_at: string | Date }>(sql`
    insert into ${lead_notes} (report_id, author_id, body)
    select ${c.id}, ${scope.userId}::uuid, ${body}::text from ${c} where ${and(eq(c.id, id), inScope(db, scope))}
    returning id, created_at`);
  const rows = (Array.isArray(inserted) ? inserted : (inserted as { rows: { id: string; created_at: string | Date }[] }).rows) as {
    id: string;
    created_at: string | Date;
  }[];
  const row = rows[0];
  if (!row) return null;
  const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, scope.userId));
  return { id: row.id, body, author_name: author?.name ?? '', created_at: new Date(row.created_at).toISOString() };
}
