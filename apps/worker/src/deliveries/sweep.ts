import { findDueDeliveryIds, findStaleDeliveryClaims, findUndispatchedEventIds, resolveStaleDeliveryClaim } from '@opencma/db';
import type { DeliveryDeps } from './deps';
import { deliverSoon, dispatchSoon } from './enqueue';

export interface DeliverySweepOptions {
  /** An event not dispatched this long after it happened lost its job (default 30 s). */
  undispatchedAfterMs?: number;
  /** A pending delivery this old lost its job (default 30 s). */
  pendingAfterMs?: number;
  /** A delivery `sending` this long lost its sender (DELIVERY_CLAIM_STALE_MS). */
  claimStaleAfterMs: number;
}

export interface DeliverySweep {
  events: number;
  deliveries: number;
  stale: number;
}

/**
 * One sweep of the outbox: undispatched events and due pending/retrying deliveries are queued again
 * (the queue's dedupe keys keep a still-queued job single; the claim keeps a send single), and
 * deliveries left `sending` by a dead worker are resolved as their channel says (resend with the same
 * id, or `unknown`).
 */
export async function sweepDeliveries(deps: DeliveryDeps, opts: DeliverySweepOptions): Promise<DeliverySweep> {
  const now = deps.now();
  const events = await findUndispatchedEventIds(deps.db, { occurredBefore: new Date(now.getTime() - (opts.undispatchedAfterMs ?? 30_000)) });
  for (const id of events) await dispatchSoon(deps, id);
  const due = await findDueDeliveryIds(deps.db, { now, pendingBefore: new Date(now.getTime() - (opts.pendingAfterMs ?? 30_000)) });
  for (const id of due) await deliverSoon(deps, id);
  const stale = await findStaleDeliveryClaims(deps.db, new Date(now.getTime() - opts.claimStaleAfterMs));
  let resolved = 0;
  for (const row of stale) {
    if (!row.claim_id) continue;
    const how = deps.channels.find((c) => c.name === row.channel)?.onStaleClaim ?? 'unknown';
    if (!(await resolveStaleDeliveryClaim(deps.db, row.id, row.claim_id, how, now))) continue;
    resolved++;
    deps.logger.warn({ delivery_id: row.id, channel: row.channel, resolution: how }, 'delivery left sending by a stopped worker');
    if (how === 'resend') await deliverSoon(deps, row.id);
  }
  if (events.length || due.length) deps.logger.info({ events: events.length, deliveries: due.length }, 're-enqueued lead events and deliveries');
  return { events: events.length, deliveries: due.length, stale: resolved };
}
