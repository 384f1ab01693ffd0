import { randomBytes } from 'node:crypto';
import { maySendSmsAt } from '@opencma/core';
import { homeUpdateTextTimeZone, recordSmsAccepted, takeOverStaleSms, takeReleasedSms, updateSmsLog, type ClaimedSms } from '@opencma/db';
import { deliverClaimedSms, type SendOnceResult, type SmsDeps } from './deliver';

export interface ReconcileOptions {
  /** A `sending` row whose claim was not renewed for this long has lost its sender. */
  staleAfterMs: number;
  /** Rows per run. */
  limit?: number;
}

export type ReconcileResult = SendOnceResult | 'completed_outbox';

/**
 * Resolves texts left `sending` (their worker died, or gave up on an ambiguous answer): each stale row
 * is taken over with a new claim (one reconciler per row), then looked up at the provider and adopted
 * if it is there, else sent. Outbox rows have nothing ambiguous: they are completed.
 */
export async function reconcileStaleSms(deps: SmsDeps & { now: () => Date }, opts: ReconcileOptions): Promise<ReconcileResult[]> {
  const now = deps.now();
  const released = await sendReleasedSms(deps, opts.limit ?? 20);
  const rows = await takeOverStaleSms(deps.db, { staleBefore: new Date(now.getTime() - opts.staleAfterMs), now, limit: opts.limit ?? 20 });
  if (!rows.length) return released;
  const results = await Promise.all(rows.map((row) => reconcileOne(deps, row)));
  deps.logger.warn({ count: rows.length, results }, 'reconciled sms left sending');
  return [...released, ...results];
}

/**
 * Sends texts an operator released from the budget hold (decision 0018): each is claimed once
 * (takeReleasedSms) and then delivered like any claimed row; it was never handed to the provider, so no
 * lookup first. Held rows are never taken here.
 */
async function sendReleasedSms(deps: SmsDeps & { now: () => Date }, limit: number): Promise<SendOnceResult[]> {
  const rows = await takeReleasedSms(deps.db, { now: deps.now(), limit });
  if (!rows.length) return [];
  const results = await Promise.all(
    rows.map((row) =>
      deliverClaimedSms(deps, row, { lookupFirst: false }).catch((err: unknown) => {
        deps.logger.error({ err, sms_id: row.id }, 'released sms left sending for the reconciler');
        return 'unresolved' as const;
      }),
    ),
  );
  deps.logger.info({ count: rows.length, results }, 'sent released sms');
  return results;
}

async function reconcileOne(deps: SmsDeps & { now: () => Date }, row: ClaimedSms): Promise<ReconcileResult> {
  try {
    if (row.provider === 'outbox') {
      await updateSmsLog(deps.db, row.id, {
        status: 'sent',
        provider_message_id: row.provider_message_id ?? `outbox_${randomBytes(12).toString('hex')}`,
        sent_at: row.sent_at ?? deps.now(),
      });
      return 'completed_outbox';
    }
    if (row.provider_message_id) {
      await recordSmsAccepted(deps.db, row.id, { providerMessageId: row.provider_message_id, status: 'queued', attempts: row.attempts });
      return 'sent';
    }
    if (row.provider !== deps.sms.provider) {
      await updateSmsLog(deps.db, row.id, { status: 'failed', error_code: 'provider_changed' });
      return 'failed';
    }
    // a value-update text is sent only 08:00–20:00 in its home's zone: outside, left for a later sweep (decision 0034)
    if (row.home_update_id && !maySendSmsAt(deps.now(), await homeUpdateTextTimeZone(deps.db, row.home_update_id))) return 'unresolved';
    return await deliverClaimedSms(deps, row, { lookupFirst: true });
  } catch (err) {
    deps.logger.error({ err, sms_id: row.id, recipient_role: row.recipient_role }, 'sms reconciliation failed; tried again later');
    return 'unresolved';
  }
}
