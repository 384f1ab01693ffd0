import { DISPATCH_LEAD_EVENT, type DispatchLeadEventJob, type JobQueue } from '@opencma/queue';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Queues the dispatch of a lead event the request just committed (decision 0019). A failed enqueue is
 * logged only: the event row is stored and the worker's sweeper queues undispatched events.
 */
export async function dispatchLeadEventSoon(queue: JobQueue, log: FastifyBaseLogger, eventId: string | null): Promise<void> {
  if (!eventId) return;
  try {
    await queue.enqueue<DispatchLeadEventJob>(DISPATCH_LEAD_EVENT, { event_id: eventId }, { dedupeKey: eventId });
  } catch (err) {
    log.warn({ err, event_id: eventId }, 'lead event enqueue failed; left for the sweeper');
  }
}
