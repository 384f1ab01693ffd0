import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import {
  accounts,
  consumer_reports,
  lead_events,
  users,
  type Account,
  type Agent,
  type ConsumerReport,
  type LeadEventRow,
  type LeadEventTypeName,
} from './schema';

/**
 * The lead events outbox (decision 0019). Every writer here runs inside the caller's statement or
 * transaction, so an event exists exactly when the change it records was committed.
 */

/** Rows of a raw `db.execute` (node-postgres returns `{ rows }`, PGlite the same; older drivers an array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/**
 * Writes one event of a report in the caller's transaction (`db` is the transaction); agent and account
 * are the report's. Returns the event's id, or null when it already exists (report.viewed of a session).
 */
export async function insertLeadEvent(
  db: Db,
  input: { type: LeadEventTypeName; report_id: string; data?: Record<string, unknown> },
): Promise<string | null> {
  const result = await db.execute(sql`
    insert into ${lead_events} (type, report_id, agent_id, account_id, data)
    select ${input.type}, r.id, r.agent_id, u.account_id, ${JSON.stringify(input.data ?? {})}::jsonb
    from ${consumer_reports} r join ${users} u on u.id = r.agent_id
    where r.id = ${input.report_id}
    on conflict do nothing
    returning id`);
  return rowsOf<{ id: string }>(result)[0]?.id ?? null;
}

/** Events no dispatch has finished, oldest first (the sweeper queues them again). */
export async function findUndispatchedEventIds(db: Db, opts: { occurredBefore: Date; limit?: number }): Promise<string[]> {
  const rows = await db
    .select({ id: lead_events.id })
    .from(lead_events)
    .where(and(isNull(lead_events.dispatched_at), lt(lead_events.occurred_at, opts.occurredBefore)))
    .orderBy(asc(lead_events.occurred_at))
    .limit(opts.limit ?? 500);
  return rows.map((r) => r.id);
}

export async function markLeadEventDispatched(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(lead_events)
    .set({ dispatched_at: at })
    .where(and(eq(lead_events.id, id), isNull(lead_events.dispatched_at)));
}

/** An event with the report, agent and account it is about (what a LeadEventContext is built from). */
export interface LeadEventRecord {
  event: LeadEventRow;
  report: ConsumerReport;
  agent: Agent;
  account: Account | null;
}

export async function loadLeadEvent(db: Db, id: string): Promise<LeadEventRecord | null> {
  const [row] = await db
    .select({ event: lead_events, report: consumer_reports, agent: users, account: accounts })
    .from(lead_events)
    .innerJoin(consumer_reports, eq(consumer_reports.id, lead_events.report_id))
    .innerJoin(users, eq(users.id, lead_events.agent_id))
    .leftJoin(accounts, eq(accounts.id, users.account_id))
    .where(eq(lead_events.id, id))
    .limit(1);
  return row ?? null;
}
