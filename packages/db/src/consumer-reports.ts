import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { maskedPhoneForPeople, type PropertyFacts, type ReportModel } from '@opencma/core';
import type { Db } from './client';
import { insertLeadEvent, rowsOf } from './lead-events';
import { consumer_reports, lead_events, users, type ConsumerReport, type ReportPlace } from './schema';
import type { AgentWithAccount } from './agents';

/** 144 random bits, base64url: an unguessable capability token. */
export function newReportId(): string {
  return randomBytes(18).toString('base64url');
}

export const REPORT_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export interface NewConsumerReport {
  agent_id: string;
  consumer_phone: string;
  property_address: string;
  place: ReportPlace | null;
  consent_text: string;
  consent_at: Date;
  consent_ip: string | null;
  consent_user_agent: string | null;
  consent_page_url: string | null;
  /** The disclosure version the server rendered consent_text from (@opencma/core consentDisclosure). */
  consent_version?: number | null;
  /** Facts the consumer confirmed or corrected on the landing page. */
  consumer_facts?: Partial<PropertyFacts> | null;
  /** The consumer asked for a personal valuation (the page could not locate the address). */
  needs_personal_valuation?: boolean;
}

/**
 * A statement prepared once per database handle, on first use: drizzle does not rebuild its SQL, and
 * PostgreSQL keeps its plan per connection.
 */
function preparedPerDatabase<T>(prepare: (db: Db) => T): (db: Db) => T {
  const byDatabase = new WeakMap<Db, T>();
  return (db) => {
    let statement = byDatabase.get(db);
    if (!statement) byDatabase.set(db, (statement = prepare(db)));
    return statement;
  };
}

/**
 * Stores a new pending report, with no repeat check (tests, DEDUPE_WINDOW_HOURS=0), and returns its id.
 */
export async function insertPendingReport(db: Db, input: NewConsumerReport): Promise<string> {
  return (await insertPendingReportWithEvent(db, input)).id;
}

/** insertPendingReport, also returning the id of its lead.created event (to dispatch it). */
export async function insertPendingReportWithEvent(db: Db, input: NewConsumerReport): Promise<{ id: string; eventId: string }> {
  const inserted = await insertRow(db, input, null);
  if (!inserted) throw new Error('consumer_reports insert returned nothing');
  return inserted;
}

export interface SubmittedReport {
  id: string;
  status: ConsumerReport['status'];
  /** False when an identical submission (same agent, phone and address) since `since` was found instead. */
  created: boolean;
  /** The new report's lead.created event (null for a repeat). */
  eventId: string | null;
}

/**
 * The request path's insert, atomic with its repeat check: a new pending report, unless the same agent,
 * phone and address already has one created since `since`, which is returned instead. The newest
 * report of each (agent, phone, normalised address) holds its submission key (dedupe_key, unique), so
 * of N identical submissions at once exactly one insert wins (`ON CONFLICT DO NOTHING`) and the
 * others read the winner. A holder older than the window gives its key up, and the insert is tried again.
 */
export async function insertPendingReportOnce(db: Db, input: NewConsumerReport, since: Date): Promise<SubmittedReport> {
  const key = submissionKey(input.agent_id, input.consumer_phone, input.property_address);
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await insertRow(db, input, key);
    if (inserted) return { id: inserted.id, status: 'pending', created: true, eventId: inserted.eventId };
    const [holder] = await keyHolderQuery(db).execute({ key });
    if (!holder) continue; // given up between our insert and this read: try again
    if (new Date(holder.created_at).getTime() >= since.getTime()) return { id: holder.id, status: holder.status, created: false, eventId: null };
    await releaseKeyQuery(db).execute({ id: holder.id, key });
  }
  throw new Error('consumer_reports: the submission key kept changing hands; giving up');
}

/**
 * The row's insert and its lead.created event in one statement (the transactional outbox, decision
 * 0019: the event exists exactly when the report does); null when `key` is held by another report.
 */
async function insertRow(db: Db, input: NewConsumerReport, key: string | null): Promise<{ id: string; eventId: string } | null> {
  const row = newReportRow(input);
  const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
  const result = await db.execute(sql`
    with report as (
      insert into ${consumer_reports} (id, agent_id, consumer_phone, property_address, place, consumer_facts, consent_text,
        consent_text_sha256, consent_version, consent_at, consent_ip, consent_user_agent, consent_page_url, needs_personal_valuation, dedupe_key, status)
      values (${row.id}, ${row.agent_id}::uuid, ${row.consumer_phone}, ${row.property_address}, ${json(row.place)}::jsonb,
        ${json(row.consumer_facts)}::jsonb, ${row.consent_text}, ${row.consent_text_sha256}, ${row.consent_version ?? null}::int,
        ${row.consent_at.toISOString()}::timestamptz, ${row.consent_ip}, ${row.consent_user_agent}, ${row.consent_page_url}, ${row.needs_personal_valuation ?? false}, ${key}, 'pending')
      on conflict (dedupe_key) do nothing
      returning id, agent_id
    ), event as (
      insert into ${lead_events} (type, report_id, agent_id, account_id)
      select 'lead.created', report.id, report.agent_id, u.account_id from report join ${users} u on u.id = report.agent_id
      returning id, report_id
    )
    select report.id, event.id as event_id from report join event on event.report_id = report.id`);
  const [inserted] = rowsOf<{ id: string; event_id: string }>(result);
  return inserted ? { id: inserted.id, eventId: inserted.event_id } : null;
}

const keyHolderQuery = preparedPerDatabase((db) =>
  db
    .select({ id: consumer_reports.id, status: consumer_reports.status, created_at: consumer_reports.created_at })
    .from(consumer_reports)
    .where(eq(consumer_reports.dedupe_key, sql.placeholder('key')))
    .prepare('submission_key_holder'),
);

const releaseKeyQuery = preparedPerDatabase((db) =>
  db
    .update(consumer_reports)
    .set({ dedupe_key: null })
    .where(and(eq(consumer_reports.id, sql.placeholder('id')), eq(consumer_reports.dedupe_key, sql.placeholder('key'))))
    .prepare('release_submission_key'),
);

function newReportRow(input: NewConsumerReport) {
  return {
    ...input,
    id: newReportId(),
    consent_text_sha256: createHash('sha256').update(input.consent_text).digest('hex'),
    status: 'pending' as const,
  };
}

/** Addresses as repeats are compared: trimmed, inner whitespace collapsed, lower case ("12 Main St  #4" = "12 main st #4"). */
const normaliseAddressForDuplicates = (address: string) => address.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The submission key of a report: SHA-256 (hex) of agent id, E.164 phone and normalised address,
 * one per line (migration 0005 computes the same in SQL for the rows it found).
 */
export function submissionKey(agentId: string, consumerPhone: string, propertyAddress: string): string {
  return createHash('sha256')
    .update(`${agentId}\n${consumerPhone}\n${normaliseAddressForDuplicates(propertyAddress)}`)
    .digest('hex');
}

const duplicateQuery = preparedPerDatabase((db) =>
  db
    .select({ id: consumer_reports.id, status: consumer_reports.status })
    .from(consumer_reports)
    .where(
      and(eq(consumer_reports.dedupe_key, sql.placeholder('key')), gte(consumer_reports.created_at, sql`${sql.placeholder('since')}::timestamptz`)),
    )
    .prepare('find_recent_duplicate_report'),
);

/**
 * The report of this agent for the same phone and address created since `since`, if any (one
 * lookup of the unique submission key): a repeated submission returns it before it counts against
 * the rate limits. It is only a fast path: insertPendingReportOnce decides atomically.
 */
export async function findRecentDuplicate(
  db: Db,
  input: { agent_id: string; consumer_phone: string; property_address: string; since: Date },
): Promise<Pick<ConsumerReport, 'id' | 'status'> | null> {
  const rows = await duplicateQuery(db).execute({
    key: submissionKey(input.agent_id, input.consumer_phone, input.property_address),
    since: input.since.toISOString(),
  });
  return rows[0] ?? null;
}

export async function getConsumerReport(db: Db, id: string): Promise<ConsumerReport | null> {
  const rows = await db.select().from(consumer_reports).where(eq(consumer_reports.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Moves a report to processing unless it already finished; returns the row, or null when finished. */
export async function markReportProcessing(db: Db, id: string): Promise<ConsumerReport | null> {
  const [row] = await db
    .update(consumer_reports)
    .set({
      status: 'processing',
      attempts: sql`${consumer_reports.attempts} + 1`,
      processing_started_at: new Date(),
      updated_at: new Date(),
    })
    .where(and(eq(consumer_reports.id, id), inArray(consumer_reports.status, ['pending', 'processing'])))
    .returning();
  return row ?? null;
}

/**
 * The consent record is append-only: written once with the row, never updated. This refuses it in
 * the application; the database refuses it too (trigger consumer_reports_consent_immutable, migration 0005).
 */
export const CONSENT_COLUMNS = [
  'consent_text',
  'consent_text_sha256',
  'consent_version',
  'consent_at',
  'consent_ip',
  'consent_user_agent',
  'consent_page_url',
] as const;
export type ConsumerReportPatch = Partial<Omit<ConsumerReport, 'id' | 'created_at' | (typeof CONSENT_COLUMNS)[number]>>;

export async function updateConsumerReport(db: Db, id: string, patch: ConsumerReportPatch): Promise<void> {
  for (const column of CONSENT_COLUMNS) {
    if (column in patch) throw new Error(`${column} is part of the consent record and is never updated`);
  }
  await db
    .update(consumer_reports)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(consumer_reports.id, id));
}

/**
 * Moves a report to its final status together with its report.completed / report.failed event, in one
 * transaction (decision 0019). Returns the event's id.
 */
export async function finishConsumerReport(
  db: Db,
  id: string,
  patch: ConsumerReportPatch & { status: 'completed' | 'failed' },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    await updateConsumerReport(tx as unknown as Db, id, patch);
    const data = patch.status === 'failed' ? { reason: patch.failure_reason ?? null } : {};
    return insertLeadEvent(tx as unknown as Db, { type: patch.status === 'completed' ? 'report.completed' : 'report.failed', report_id: id, data });
  });
}

export const MLS_DISCLAIMER =
  'Based on closed sales reported to the MLS. Information is deemed reliable but not guaranteed. ' +
  'This is an automated estimate, not an appraisal; a local agent can refine it after seeing the home.';

/** The brokerage an agent markets under: their own brokerage name when set, else their account's name. */
export function brokerageOf({ agent, account }: AgentWithAccount): string | null {
  return agent.brokerage_name?.trim() || account?.name || null;
}

/** The public view of a report: never carries the consumer's phone number. */
export function toReportModel(row: ConsumerReport, owner: AgentWithAccount, opts: { pdfUrl: string }): ReportModel {
  const { agent, account } = owner;
  const branded = account?.branding_enabled ?? false;
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    failureReason: row.failure_reason,
    failureCode: row.failure_code ?? null,
    needsPersonalValuation: row.needs_personal_valuation,
    propertyAddress: row.property_address,
    subject: row.subject ?? null,
    valuation: row.valuation ?? null,
    market: row.market ?? null,
    agent: {
      name: agent.name,
      phone: agent.phone,
      email: agent.email,
      photoUrl: agent.photo_url,
      agentCode: agent.agent_code,
      brokerage: brokerageOf(owner),
      logoUrl: branded ? (account?.logo_url ?? null) : null,
      primaryColor: branded ? (account?.primary_color ?? null) : null,
      secondaryColor: branded ? (account?.secondary_color ?? null) : null,
      licenseNumber: agent.license_number ?? null,
      brokerageLicenseNumber: account?.license_number ?? null,
      equalHousingOpportunity: account?.equal_housing_opportunity ?? true,
      saleCommissionPct: agent.sale_commission_bps / 100,
      closingCostPct: agent.closing_cost_bps / 100,
    },
    pdf: { status: row.pdf_status, url: row.pdf_status === 'ready' ? opts.pdfUrl : null },
    dataAsOf: row.data_as_of,
    disclaimer: MLS_DISCLAIMER,
    maskedPhone: maskedPhoneForPeople(row.consumer_phone),
  };
}
