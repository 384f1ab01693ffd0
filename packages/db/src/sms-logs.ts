import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import { sms_logs, type SmsLog, type SmsRecipientRole } from './schema';

/** A report text to record: agent lead alerts also carry their agent and alert window (decision 0024). */
export interface SmsLogInput {
  report_id: string;
  recipient_role: SmsRecipientRole;
  to: string;
  body: string;
  provider: string;
  agent_id?: string;
  alert_window?: Date;
}

/** A row this caller holds (`sending`, with its claim id): only the holder calls the provider for it. */
export type ClaimedSms = SmsLog & { claim_id: string };

/**
 * Reserves the one sms_logs row for (report, role). Returns the row only when this caller may send:
 * a row that already exists (sent, sending or failed) is never claimed again here, so a retried job
 * never texts anyone twice. A row left `sending` by a dead worker is resolved by the reconciler
 * (takeOverStaleSms), never by a second claim.
 */
export async function claimSms(db: Db, input: SmsLogInput): Promise<ClaimedSms | null> {
  await db
    .insert(sms_logs)
    .values({ ...input, status: 'pending' })
    .onConflictDoNothing();
  const now = new Date();
  const [claimed] = await db
    .update(sms_logs)
    .set({ status: 'sending', claim_id: randomUUID(), claimed_at: now, updated_at: now })
    .where(and(eq(sms_logs.report_id, input.report_id), eq(sms_logs.recipient_role, input.recipient_role), eq(sms_logs.status, 'pending')))
    .returning();
  return (claimed as ClaimedSms | undefined) ?? null;
}

/**
 * Renews a claim just before the provider is called; false when the row is no longer this caller's
 * (the reconciler took it over, or it was resolved), and then the caller must not call the provider.
 */
export async function renewSmsClaim(db: Db, id: string, claimId: string, now: Date = new Date()): Promise<boolean> {
  const rows = await db
    .update(sms_logs)
    .set({ claimed_at: now, updated_at: now })
    .where(and(eq(sms_logs.id, id), eq(sms_logs.claim_id, claimId), eq(sms_logs.status, 'sending')))
    .returning({ id: sms_logs.id });
  return rows.length > 0;
}

/**
 * Takes over rows left `sending` whose claim was last renewed before `staleBefore` (their worker died
 * or gave up on an ambiguous answer). One conditional UPDATE with a new claim id: of two reconcilers
 * at once, each row goes to one (SKIP LOCKED, and the staleness is checked again on the locked row).
 */
export async function takeOverStaleSms(db: Db, opts: { staleBefore: Date; now?: Date; limit?: number }): Promise<ClaimedSms[]> {
  const stale = () =>
    and(
      eq(sms_logs.status, 'sending'),
      or(lt(sms_logs.claimed_at, opts.staleBefore), and(isNull(sms_logs.claimed_at), lt(sms_logs.updated_at, opts.staleBefore))),
    );
  const candidates = db
    .select({ id: sms_logs.id })
    .from(sms_logs)
    .where(stale())
    .orderBy(asc(sms_logs.claimed_at))
    .limit(opts.limit ?? 20)
    .for('update', { skipLocked: true });
  const now = opts.now ?? new Date();
  const rows = await db
    .update(sms_logs)
    .set({ claim_id: sql`gen_random_uuid()`, claimed_at: now, updated_at: now })
    .where(and(inArray(sms_logs.id, candidates), stale()))
    .returning();
  return rows as ClaimedSms[];
}

export async function updateSmsLog(db: Db, id: string, patch: Partial<Omit<SmsLog, 'id'>>): Promise<void> {
  await db
    .update(sms_logs)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(sms_logs.id, id));
}

export async function getSmsLog(db: Db, id: string): Promise<SmsLog | null> {
  const [row] = await db.select().from(sms_logs).where(eq(sms_logs.id, id)).limit(1);
  return row ?? null;
}

export async function listSmsLogs(db: Db, opts: { reportId?: string; limit?: number } = {}): Promise<SmsLog[]> {
  const q = db.select().from(sms_logs);
  if (opts.reportId) return q.where(eq(sms_logs.report_id, opts.reportId)).orderBy(asc(sms_logs.created_at));
  return q.orderBy(desc(sms_logs.created_at)).limit(opts.limit ?? 100);
}

/** Records a text that was not sent because its recipient opted out (once per report and role). */
export async function recordSuppressedSms(db: Db, input: SmsLogInput): Promise<void> {
  await db
    .insert(sms_logs)
    .values({ ...input, status: 'suppressed', error_code: 'opted_out' })
    .onConflictDoNothing();
}
