import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { sms_logs, sms_opt_outs, sms_status_events, type SmsStatus } from './schema';

/**
 * How far along a message is. Provider callbacks can arrive out of order (sent after delivered);
 * a status only replaces one of lower rank, so a message never moves backwards.
 */
const STATUS_RANK: Record<SmsStatus, number> = {
  pending: 0,
  sending: 1,
  accepted: 2,
  queued: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  suppressed: 6,
  // Budget hold (decision 0018): never the provider's words; a held or released row has no message yet.
  held: 0,
  released: 0,
  discarded: 6,
  // Agent alert cap (decision 0024): the lead's alert goes out in its window's digest, never on its own.
  in_digest: 6,
  digested: 6,
};
const OUR_OWN_STATUSES = new Set(['held', 'released', 'discarded', 'in_digest', 'digested']);

/** Twilio error 21610: the recipient replied STOP to this sender; it records an opt-out like an inbound STOP. */
export const UNSUBSCRIBED_ERROR_CODE = '21610';

/** Twilio's statuses mapped onto ours; unknown ones are ignored. */
export function smsStatusFromProvider(status: string): SmsStatus | null {
  const s = status.toLowerCase();
  if (s === 'sending') return 'sent';
  if (s === 'receiving' || s === 'received' || s === 'read') return 'delivered';
  if (s === 'canceled') return 'failed';
  if (OUR_OWN_STATUSES.has(s)) return null;
  return s in STATUS_RANK ? (s as SmsStatus) : null;
}

export function isStatusAdvance(current: SmsStatus, next: SmsStatus): boolean {
  return STATUS_RANK[next] > STATUS_RANK[current];
}

/** STATUS_RANK of the stored status, in SQL. */
function rankOfStoredStatus(): SQL<number> {
  const cases = Object.entries(STATUS_RANK).map(([status, rank]) => sql`when ${status} then ${rank}`);
  return sql<number>`(case ${sms_logs.status} ${sql.join(cases, sql` `)} else 0 end)`;
}

/** The stored status moves to `next` only when that is an advance. */
function advanceTo(next: SmsStatus): SQL<SmsStatus> {
  return sql<SmsStatus>`(case when ${rankOfStoredStatus()} < ${STATUS_RANK[next]} then ${next} else ${sms_logs.status} end)`;
}

/** Opts the recipient of a message out (the provider answered 21610 for it). */
async function optOutRecipientOf(db: Db, providerMessageId: string): Promise<void> {
  const [row] = await db.select({ to: sms_logs.to }).from(sms_logs).where(eq(sms_logs.provider_message_id, providerMessageId)).limit(1);
  if (row) await recordOptOut(db, row.to, UNSUBSCRIBED_ERROR_CODE);
}

/** Applies one status to the message with that SID (never backwards); 'unknown_message' when no row has the SID yet. */
async function applyStatus(
  db: Db,
  providerMessageId: string,
  status: string,
  errorCode: string | null,
): Promise<'updated' | 'ignored' | 'unknown_message'> {
  const next = smsStatusFromProvider(status);
  if (errorCode === UNSUBSCRIBED_ERROR_CODE) await optOutRecipientOf(db, providerMessageId);
  if (next) {
    const updated = await db
      .update(sms_logs)
      .set({ status: next, error_code: errorCode ? errorCode : sql`${sms_logs.error_code}`, updated_at: new Date() })
      .where(and(eq(sms_logs.provider_message_id, providerMessageId), lt(rankOfStoredStatus(), STATUS_RANK[next])))
      .returning({ id: sms_logs.id });
    if (updated.length) return 'updated';
  }
  const [known] = await db.select({ id: sms_logs.id }).from(sms_logs).where(eq(sms_logs.provider_message_id, providerMessageId)).limit(1);
  return known ? 'ignored' : 'unknown_message';
}

/**
 * A delivery-status callback: the event is stored once per (SID, status) and applied. A callback for a
 * SID no row carries yet is kept and applied when the SID is recorded (applyStoredStatusEvents). With
 * `smsLogId` (the `sms` handle in the StatusCallback URL) the row learns its SID from the callback, so
 * a send whose answer was lost is resolved by the provider's own callback.
 */
export async function recordSmsDeliveryStatus(
  db: Db,
  input: { providerMessageId: string; status: string; errorCode?: string | null; smsLogId?: string | null },
): Promise<{ result: 'updated' | 'ignored' | 'stored'; duplicate: boolean }> {
  const errorCode = input.errorCode || null;
  const inserted = await db
    .insert(sms_status_events)
    .values({ provider_message_id: input.providerMessageId, status: input.status.toLowerCase(), error_code: errorCode })
    .onConflictDoNothing()
    .returning({ id: sms_status_events.id });
  let appliedFromHandle = 0;
  if (input.smsLogId) {
    await db
      .update(sms_logs)
      .set({ provider_message_id: input.providerMessageId, updated_at: new Date() })
      .where(and(eq(sms_logs.id, input.smsLogId), isNull(sms_logs.provider_message_id)));
    // The SID may have been recorded just now: earlier events for it apply too.
    appliedFromHandle = await applyStoredStatusEvents(db, input.providerMessageId);
  }
  const applied = await applyStatus(db, input.providerMessageId, input.status, errorCode);
  const result = applied === 'unknown_message' ? 'stored' : appliedFromHandle > 0 ? 'updated' : applied;
  return { result, duplicate: inserted.length === 0 };
}

/** Applies every stored status event of a SID (after the worker or the reconciler recorded it). */
export async function applyStoredStatusEvents(db: Db, providerMessageId: string): Promise<number> {
  const events = await db
    .select()
    .from(sms_status_events)
    .where(eq(sms_status_events.provider_message_id, providerMessageId))
    .orderBy(asc(sms_status_events.received_at));
  let applied = 0;
  for (const e of events) if ((await applyStatus(db, providerMessageId, e.status, e.error_code)) === 'updated') applied++;
  return applied;
}

/**
 * The provider accepted the message (a 201, or found by a lookup after an ambiguous answer): records its
 * SID and status (never backwards: a callback may already have said `delivered`), then applies status
 * events that arrived before the SID was known. False when the row already carries another SID.
 */
export async function recordSmsAccepted(
  db: Db,
  id: string,
  accepted: { providerMessageId: string; status: SmsStatus; attempts: number },
): Promise<boolean> {
  const now = new Date();
  const stillSending = sql`${sms_logs.status} in ('pending', 'sending')`;
  const rows = await db
    .update(sms_logs)
    .set({
      provider_message_id: accepted.providerMessageId,
      status: advanceTo(accepted.status),
      error_code: sql`(case when ${stillSending} then null else ${sms_logs.error_code} end)`,
      error_message: sql`(case when ${stillSending} then null else ${sms_logs.error_message} end)`,
      attempts: accepted.attempts,
      sent_at: sql`coalesce(${sms_logs.sent_at}, ${now.toISOString()}::timestamptz)`,
      updated_at: now,
    })
    .where(and(eq(sms_logs.id, id), or(isNull(sms_logs.provider_message_id), eq(sms_logs.provider_message_id, accepted.providerMessageId))))
    .returning({ id: sms_logs.id });
  await applyStoredStatusEvents(db, accepted.providerMessageId);
  return rows.length > 0;
}

/** The stored status events of a message, oldest first (for operators and tests). */
export async function listSmsStatusEvents(db: Db, providerMessageId: string) {
  return db
    .select()
    .from(sms_status_events)
    .where(eq(sms_status_events.provider_message_id, providerMessageId))
    .orderBy(asc(sms_status_events.received_at));
}

export async function recordOptOut(db: Db, phone: string, keyword: string): Promise<void> {
  await db.insert(sms_opt_outs).values({ phone, keyword }).onConflictDoNothing();
}

export async function removeOptOut(db: Db, phone: string): Promise<void> {
  await db.delete(sms_opt_outs).where(eq(sms_opt_outs.phone, phone));
}

export async function isOptedOut(db: Db, phone: string): Promise<boolean> {
  const rows = await db.select({ phone: sms_opt_outs.phone }).from(sms_opt_outs).where(eq(sms_opt_outs.phone, phone)).limit(1);
  return rows.length > 0;
}

/**
 * Texts the provider accepted whose delivery callback has not come (still accepted/queued/sent), not
 * looked at since `before`, created since `since`: the reconciler asks the provider for their status. A
 * callback lost on our side (the API or the database down when it came) is made up for this way.
 */
export async function findUnsettledSms(db: Db, opts: { provider: string; before: Date; since: Date; limit?: number }) {
  return db
    .select({ id: sms_logs.id, provider_message_id: sms_logs.provider_message_id, status: sms_logs.status })
    .from(sms_logs)
    .where(
      and(
        eq(sms_logs.provider, opts.provider),
        inArray(sms_logs.status, ['accepted', 'queued', 'sent']),
        isNotNull(sms_logs.provider_message_id),
        lt(sms_logs.updated_at, opts.before),
        gt(sms_logs.created_at, opts.since),
      ),
    )
    .orderBy(asc(sms_logs.updated_at))
    .limit(opts.limit ?? 20);
}
