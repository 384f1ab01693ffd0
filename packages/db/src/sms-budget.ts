import { and, asc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { sms_logs, type SmsRecipientRole, type SmsStatus } from './schema';
import type { ClaimedSms, SmsLogInput } from './sms-logs';

/** Statuses of report texts that never reached the provider (not counted against the SMS budget). */
const NOT_SENT: SmsStatus[] = ['pending', 'held', 'released', 'discarded', 'suppressed'];

/** Report texts and value-update texts handed to the provider (or being handed) created since `since` (decisions 0018, 0034). */
export async function countReportSmsSince(db: Db, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sms_logs)
    .where(and(inArray(sms_logs.purpose, ['report', 'home_update']), gte(sms_logs.created_at, since), notInArray(sms_logs.status, NOT_SENT)));
  return Number(row?.n ?? 0);
}

/** Records a text held over the SMS budget (once per report and role); false when the row already existed. */
export async function recordHeldSms(db: Db, input: SmsLogInput): Promise<boolean> {
  const rows = await db
    .insert(sms_logs)
    .values({ ...input, status: 'held', error_code: 'over_budget' })
    .onConflictDoNothing()
    .returning({ id: sms_logs.id });
  return rows.length > 0;
}

/** A held text as an operator sees it: no phone number, no body, no report id. */
export interface HeldSms {
  id: string;
  recipient_role: SmsRecipientRole;
  created_at: Date;
}

export async function listHeldSms(db: Db, limit = 500): Promise<HeldSms[]> {
  return db
    .select({ id: sms_logs.id, recipient_role: sms_logs.recipient_role, created_at: sms_logs.created_at })
    .from(sms_logs)
    .where(eq(sms_logs.status, 'held'))
    .orderBy(asc(sms_logs.created_at))
    .limit(limit);
}

/** Moves held texts (the given ids, or all) to `to`; only rows still `held` change. Returns the ids changed. */
async function moveHeld(db: Db, to: 'released' | 'discarded', ids?: string[]): Promise<string[]> {
  const held = eq(sms_logs.status, 'held');
  const rows = await db
    .update(sms_logs)
    .set({ status: to, error_code: to === 'discarded' ? 'discarded' : 'over_budget', updated_at: new Date() })
    .where(ids ? and(held, inArray(sms_logs.id, ids)) : held)
    .returning({ id: sms_logs.id });
  return rows.map((r) => r.id);
}

/** Releases held texts: the reconciler sends each once (takeReleasedSms), regardless of the budget. */
export const releaseHeldSms = (db: Db, ids?: string[]) => moveHeld(db, 'released', ids);
/** Discards held texts: they are never sent. */
export const discardHeldSms = (db: Db, ids?: string[]) => moveHeld(db, 'discarded', ids);

/**
 * Claims released texts for sending: one conditional UPDATE to `sending` with a new claim id (SKIP LOCKED),
 * so of two reconcilers each row goes to one, and from then on it is an ordinary claimed row (decision 0011).
 */
export async function takeReleasedSms(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<ClaimedSms[]> {
  const candidates = db
    .select({ id: sms_logs.id })
    .from(sms_logs)
    .where(eq(sms_logs.status, 'released'))
    .orderBy(asc(sms_logs.created_at))
    .limit(opts.limit ?? 20)
    .for('update', { skipLocked: true });
  const now = opts.now ?? new Date();
  const rows = await db
    .update(sms_logs)
    .set({ status: 'sending', error_code: null, claim_id: sql`gen_random_uuid()`, claimed_at: now, updated_at: now })
    .where(and(inArray(sms_logs.id, candidates), eq(sms_logs.status, 'released')))
    .returning();
  return rows as ClaimedSms[];
}

/** Which of the given ids are texts held now. */
export async function findHeldSmsIds(db: Db, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ id: sms_logs.id })
    .from(sms_logs)
    .where(and(eq(sms_logs.status, 'held'), inArray(sms_logs.id, ids)));
  return rows.map((r) => r.id);
}
