import { findUnsettledSms, isStatusAdvance, recordSmsDeliveryStatus, smsStatusFromProvider, updateSmsLog } from '@opencma/db';
import type { SmsDeps } from './deliver';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Asks the provider for the status of texts it accepted whose delivery callback has not come for
 * `staleAfterMs` (lost while the API or the database was down), and records it like a callback would
 * (stored once, never backwards). A text still in flight is looked at again after another `staleAfterMs`;
 * texts older than a day are left as they are.
 */
export async function pollUnsettledSms(deps: SmsDeps & { now: () => Date }, opts: { staleAfterMs: number; limit?: number }): Promise<number> {
  const fetchStatus = deps.sms.fetchStatus;
  if (!fetchStatus) return 0;
  const now = deps.now();
  const rows = await findUnsettledSms(deps.db, {
    provider: deps.sms.provider,
    before: new Date(now.getTime() - opts.staleAfterMs),
    since: new Date(now.getTime() - DAY_MS),
    limit: opts.limit,
  });
  let updated = 0;
  for (const row of rows) {
    try {
      const { status, errorCode } = await fetchStatus(row.provider_message_id!);
      const next = smsStatusFromProvider(status);
      // Only news is recorded (as a callback would have been); otherwise the row is looked at again after another staleAfterMs.
      const news = next !== null && isStatusAdvance(row.status, next);
      const { result } = news
        ? await recordSmsDeliveryStatus(deps.db, { providerMessageId: row.provider_message_id!, status, errorCode })
        : { result: 'ignored' };
      if (result === 'updated') updated++;
      else await updateSmsLog(deps.db, row.id, {});
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message, sms_id: row.id }, 'sms status poll failed; tried again later');
    }
  }
  if (updated) deps.logger.warn({ count: updated }, 'sms statuses fetched from the provider (their callbacks never came)');
  return updated;
}
