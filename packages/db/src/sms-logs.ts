import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from './client';
import { sms_logs, type SmsLog, type SmsRecipientRole } from './schema';

/**
 * Reserves the one sms_logs row for (report, role). Returns the row only when this caller may send:
 * a row that already exists (sent, sending or failed) is never sent again, so a retried job never
 * texts anyone twice.
 */
export async function claimSms(
  db: Db,
  input: { report_id: string; recipient_role: SmsRecipientRole; to: string; body: string; provider: string },
): Promise<SmsLog | null> {
  await db
    .insert(sms_logs)
    .values({ ...input, status: 'pending' })
    .onConflictDoNothing();
  const [claimed] = await db
    .update(sms_logs)
    .set({ status: 'sending', updated_at: new Date() })
    .where(and(eq(sms_logs.report_id, input.report_id), eq(sms_logs.recipient_role, input.recipient_role), eq(sms_logs.status, 'pending')))
    .returning();
  return claimed ?? null;
}

export async function updateSmsLog(db: Db, id: string, patch: Partial<Omit<SmsLog, 'id'>>): Promise<void> {
  await db
    .update(sms_logs)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(sms_logs.id, id));
}

export async function listSmsLogs(db: Db, opts: { reportId?: string; limit?: number } = {}): Promise<SmsLog[]> {
  const q = db.select().from(sms_logs);
  if (opts.reportId) return q.where(eq(sms_logs.report_id, opts.reportId)).orderBy(asc(sms_logs.created_at));
  return q.orderBy(desc(sms_logs.created_at)).limit(opts.limit ?? 100);
}

/** Records a text that was not sent because its recipient opted out (once per report and role). */
export async function recordSuppressedSms(
  db: Db,
  input: { report_id: string; recipient_role: SmsRecipientRole; to: string; body: string; provider: string },
): Promise<void> {
  await db
    .insert(sms_logs)
    .values({ ...input, status: 'suppressed', error_code: 'opted_out' })
    .onConflictDoNothing();
}
