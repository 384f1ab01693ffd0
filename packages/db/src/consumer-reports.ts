import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { PropertyFacts, ReportModel } from '@opencma/core';
import type { Db } from './client';
import { consumer_reports, type ConsumerReport, type ReportPlace } from './schema';
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
  /** Facts the consumer confirmed or corrected on the landing page. */
  consumer_facts?: Partial<PropertyFacts> | null;
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
 * Stores a new pending report (the request path's insert, a prepared statement) and returns its id
 * only, so the whole row is not sent back and parsed.
 */
export async function insertPendingReport(db: Db, input: NewConsumerReport): Promise<string> {
  const row = newReportRow(input);
  const [inserted] = await pendingInsert(db).execute({
    ...row,
    place: row.place == null ? null : JSON.stringify(row.place),
    consumer_facts: row.consumer_facts == null ? null : JSON.stringify(row.consumer_facts),
    consent_at: row.consent_at.toISOString(),
  });
  if (!inserted) throw new Error('consumer_reports insert returned nothing');
  return inserted.id;
}

const pendingInsert = preparedPerDatabase((db) => {
  const p = (name: keyof ReturnType<typeof newReportRow>) => sql.placeholder(name);
  return db
    .insert(consumer_reports)
    .values({
      id: p('id'),
      agent_id: p('agent_id'),
      consumer_phone: p('consumer_phone'),
      property_address: p('property_address'),
      // JSON and timestamps go in as text: a placeholder inside sql`` gets no column encoding
      place: sql`${p('place')}::jsonb`,
      consumer_facts: sql`${p('consumer_facts')}::jsonb`,
      consent_text: p('consent_text'),
      consent_text_sha256: p('consent_text_sha256'),
      consent_at: sql`${p('consent_at')}::timestamptz`,
      consent_ip: p('consent_ip'),
      consent_user_agent: p('consent_user_agent'),
      consent_page_url: p('consent_page_url'),
      status: 'pending',
    })
    .returning({ id: consumer_reports.id })
    .prepare('insert_pending_report');
});

function newReportRow(input: NewConsumerReport) {
  return {
    ...input,
    id: newReportId(),
    consent_text_sha256: createHash('sha256').update(input.consent_text).digest('hex'),
    status: 'pending' as const,
  };
}

/** Addresses compared case- and whitespace-insensitively ("12 Main St  #4" = "12 main st #4"). */
const normalisedAddress = (column: typeof consumer_reports.property_address) => sql`lower(regexp_replace(trim(${column}), '\\s+', ' ', 'g'))`;

/** Addresses as findRecentDuplicate compares them: trimmed, inner whitespace collapsed, lower case. */
const normaliseAddressForDuplicates = (address: string) => address.trim().replace(/\s+/g, ' ').toLowerCase();

const duplicateQuery = preparedPerDatabase((db) =>
  db
    .select({ id: consumer_reports.id, status: consumer_reports.status })
    .from(consumer_reports)
    .where(
      and(
        eq(consumer_reports.agent_id, sql.placeholder('agent_id')),
        eq(consumer_reports.consumer_phone, sql.placeholder('consumer_phone')),
        gte(consumer_reports.created_at, sql`${sql.placeholder('since')}::timestamptz`),
        sql`${normalisedAddress(consumer_reports.property_address)} = ${sql.placeholder('address')}`,
      ),
    )
    .orderBy(desc(consumer_reports.created_at))
    .limit(1)
    .prepare('find_recent_duplicate_report'),
);

/**
 * The newest report of this agent for the same phone and address created since `since`, if any:
 * a repeated submission returns it instead of creating (and texting) another. Found through
 * consumer_reports_agent_phone_idx, so its cost does not grow with the agent's number of reports.
 */
export async function findRecentDuplicate(
  db: Db,
  input: { agent_id: string; consumer_phone: string; property_address: string; since: Date },
): Promise<Pick<ConsumerReport, 'id' | 'status'> | null> {
  const rows = await duplicateQuery(db).execute({
    agent_id: input.agent_id,
    consumer_phone: input.consumer_phone,
    since: input.since.toISOString(),
    address: normaliseAddressForDuplicates(input.property_address),
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

/** The consent record is append-only: written once by insertPendingReport, never updated. */
export const CONSENT_COLUMNS = ['consent_text', 'consent_text_sha256', 'consent_at', 'consent_ip', 'consent_user_agent', 'consent_page_url'] as const;
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

export const MLS_DISCLAIMER =
  'Based on closed sales reported to the MLS. Information is deemed reliable but not guaranteed. ' +
  'This is an automated estimate, not an appraisal; a local agent can refine it after seeing the home.';

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
      brokerage: account?.name ?? null,
      logoUrl: branded ? (account?.logo_url ?? null) : null,
      primaryColor: branded ? (account?.primary_color ?? null) : null,
      secondaryColor: branded ? (account?.secondary_color ?? null) : null,
    },
    pdf: { status: row.pdf_status, url: row.pdf_status === 'ready' ? opts.pdfUrl : null },
    dataAsOf: row.data_as_of,
    disclaimer: MLS_DISCLAIMER,
  };
}
