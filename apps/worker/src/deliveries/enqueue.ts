import { DELIVER_LEAD_EVENT, DISPATCH_LEAD_EVENT, type DeliverLeadEventJob, type DispatchLeadEventJob, type JobQueue } from '@opencma/queue';
import type { Logger } from 'pino';

interface EnqueueDeps {
  queue?: JobQueue;
  logger: Logger;
}

/**
 * Queues the dispatch of an event written just now. A failed enqueue is only logged: the event row is
 * committed and the sweeper queues undispatched events again (nothing is lost while Redis is down).
 */
export async function dispatchSoon(deps: EnqueueDeps, eventId: string | null): Promise<void> {
  if (!eventId || !deps.queue) return;
  try {
    await deps.queue.enqueue<DispatchLeadEventJob>(DISPATCH_LEAD_EVENT, { event_id: eventId }, { dedupeKey: eventId });
  } catch (err) {
    deps.logger.warn({ err, event_id: eventId }, 'dispatch enqueue failed; left for the sweeper');
  }
}

/** Queues a delivery (now, or after `delayMs` for a retry); a failed enqueue is left for the sweeper. */
export async function deliverSoon(deps: EnqueueDeps, deliveryId: string, delayMs?: number): Promise<void> {
  if (!deps.queue) return;
  try {
    await deps.queue.enqueue<DeliverLeadEventJob>(
      DELIVER_LEAD_EVENT,
      { delivery_id: deliveryId },
      { dedupeKey: deliveryId, ...(delayMs && delayMs > 0 ? { delayMs } : {}) },
    );
  } catch (err) {
    deps.logger.warn({ err, delivery_id: deliveryId }, 'delivery enqueue failed; left for the sweeper');
  }
}
