import { claimDelivery, getDelivery, loadLeadEvent, recordDeliveryResult, type DeliveryResult } from '@opencma/db';
import { retryDelayMs, type DeliveryOutcome } from '@opencma/delivery';
import { leadEventContext } from './context';
import type { DeliveryDeps } from './deps';
import { deliverSoon } from './enqueue';

export type DeliverResult = 'sent' | 'retrying' | 'failed' | 'skipped';

/** Provider errors can quote the recipient ("550 <pat@…>: no such user"): logs get no addresses. */
const forLog = (text: string | null | undefined) => (text ? text.replace(/[^\s<>@"',;:]+@[^\s<>@"',;:]+/g, '[address]') : text);

/**
 * deliver_lead_event: claims the row (only the claimer sends; a duplicated or retried job finds it
 * claimed or finished and sends nothing), calls the channel and records the outcome. A channel's
 * `retry` is retried by a delayed job with exponential backoff until its retry window (from the first
 * attempt) is over, then recorded `failed`. Nothing here touches the report or its texts.
 * Throws only when the database fails before the claim (the job is retried).
 */
export async function deliverLeadEvent(deps: DeliveryDeps, deliveryId: string): Promise<DeliverResult> {
  const log = deps.logger.child({ delivery_id: deliveryId });
  const current = await getDelivery(deps.db, deliveryId);
  if (!current || (current.status !== 'pending' && current.status !== 'retrying')) return 'skipped';
  const now = deps.now();
  if (current.status === 'retrying' && current.next_attempt_at && current.next_attempt_at > now) {
    // Early (a queue rounds delays): wait out the rest.
    await deliverSoon(deps, deliveryId, current.next_attempt_at.getTime() - now.getTime());
    return 'skipped';
  }
  // Everything the message needs is read before the claim: a claimed row is only ever left `sending` by a send.
  const record = await loadLeadEvent(deps.db, current.event_id);
  if (!record) return 'skipped';
  const ctx = leadEventContext(record, deps.publicBaseUrl);
  const channel = deps.channels.find((c) => c.name === current.channel);

  const row = await claimDelivery(deps.db, deliveryId, now);
  if (!row?.claim_id) {
    log.info('delivery handled elsewhere; not sending');
    return 'skipped';
  }
  const channelLog = log.child({ channel: row.channel, attempt: row.attempts });
  let outcome: DeliveryOutcome;
  if (!channel) {
    outcome = { kind: 'failed', error: `the ${row.channel} channel is not configured` };
  } else {
    try {
      outcome = await channel.send(ctx, { id: row.id, destination: row.destination, attempt: row.attempts });
    } catch (err) {
      outcome = { kind: 'retry', error: (err as Error)?.message ?? String(err) };
    }
  }

  const finishedAt = deps.now();
  let result: DeliveryResult;
  let retryInMs = 0;
  if (outcome.kind === 'sent') {
    result = {
      status: 'sent',
      sent_at: finishedAt,
      provider_id: outcome.providerId ?? null,
      response_status: outcome.responseStatus ?? null,
      last_error: null,
    };
  } else if (outcome.kind === 'failed') {
    result = { status: 'failed', response_status: outcome.responseStatus ?? null, last_error: outcome.error };
  } else {
    retryInMs = retryDelayMs(row.attempts, { ...deps.backoff, retryAfterMs: outcome.retryAfterMs });
    const firstAttempt = (row.first_attempt_at ?? now).getTime();
    const windowMs = channel?.retryWindowMs ?? 0;
    if (finishedAt.getTime() + retryInMs > firstAttempt + windowMs) {
      result = {
        status: 'failed',
        response_status: outcome.responseStatus ?? null,
        last_error: `gave up after ${row.attempts} attempt(s): ${outcome.error}`,
      };
    } else {
      result = {
        status: 'retrying',
        next_attempt_at: new Date(finishedAt.getTime() + retryInMs),
        response_status: outcome.responseStatus ?? null,
        last_error: outcome.error,
      };
    }
  }
  try {
    if (!(await recordDeliveryResult(deps.db, row.id, row.claim_id, result, finishedAt))) {
      channelLog.warn('delivery claim was taken over while sending; outcome not recorded');
      return 'skipped';
    }
  } catch (err) {
    // The row stays `sending`: once stale, the channel's onStaleClaim decides (never a blind resend of an e-mail).
    channelLog.error({ err, outcome: outcome.kind }, 'delivery outcome could not be recorded');
    return result.status === 'sent' ? 'sent' : 'failed';
  }
  if (result.status === 'retrying') {
    channelLog.warn({ error: forLog(result.last_error), retry_in_ms: retryInMs }, 'delivery failed; will retry');
    await deliverSoon(deps, row.id, retryInMs);
    return 'retrying';
  }
  if (result.status === 'failed') channelLog.error({ error: forLog(result.last_error), response_status: result.response_status }, 'delivery failed');
  else channelLog.info({ provider_id: result.provider_id }, 'delivery sent');
  return result.status === 'sent' ? 'sent' : 'failed';
}
