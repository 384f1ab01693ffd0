import { and, eq } from 'drizzle-orm';
import type { Db } from './client';
import { sms_logs, sms_opt_outs, type SmsStatus } from './schema';

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
};

/** Twilio's statuses mapped onto ours; unknown ones are ignored. */
export function smsStatusFromProvider(status: string): SmsStatus | null {
  const s = status.toLowerCase();
  if (s === 'sending') return 'sent';
  if (s === 'receiving' || s === 'received' || s === 'read') return 'delivered';
  if (s === 'canceled') return 'failed';
  return s in STATUS_RANK ? (s as SmsStatus) : null;
}

export function isStatusAdvance(current: SmsStatus, next: SmsStatus): boolean {
  return STATUS_RANK[next] > STATUS_RANK[current];
}

/** Applies a delivery-status callback; returns whether the stored status changed. */
export async function recordSmsDeliveryStatus(
  db: Db,
  input: { providerMessageId: string; status: string; errorCode?: string | null },
): Promise<'updated' | 'ignored' | 'unknown_message'> {
  const next = smsStatusFromProvider(input.status);
  for (let tries = 0; tries < 3; tries++) {
    const [row] = await db.select().from(sms_logs).where(eq(sms_logs.provider_message_id, input.providerMessageId)).limit(1);
    if (!row) return 'unknown_message';
    if (!next || !isStatusAdvance(row.status, next)) return 'ignored';
    const updated = await db
      .update(sms_logs)
      .set({ status: next, error_code: input.errorCode || row.error_code, updated_at: new Date() })
      .where(and(eq(sms_logs.id, row.id), eq(sms_logs.status, row.status)))
      .returning({ id: sms_logs.id });
    if (updated.length) return 'updated';
  }
  return 'ignored';
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
