import { createDeliveries, loadLeadEvent, markLeadEventDispatched } from '@opencma/db';
import { leadEventContext } from './context';
import type { DeliveryDeps } from './deps';
import { deliverSoon } from './enqueue';

/**
 * dispatch_lead_event: one delivery row per (channel, destination) each channel names (existing rows
 * are kept, so a repeated dispatch creates nothing twice), each queued; then the event is marked
 * dispatched. A channel that cannot name its destinations (its settings could not be read) makes the
 * job fail after the others are done, so it is retried (and the sweeper finds the event undispatched).
 */
export async function dispatchLeadEvent(deps: DeliveryDeps, eventId: string): Promise<{ deliveries: number }> {
  const log = deps.logger.child({ event_id: eventId });
  const record = await loadLeadEvent(deps.db, eventId);
  if (!record) {
    log.warn('lead event not found; dropping job');
    return { deliveries: 0 };
  }
  const ctx = leadEventContext(record, deps.publicBaseUrl);
  let failure: unknown = null;
  let count = 0;
  for (const channel of deps.channels) {
    let destinations: string[];
    try {
      destinations = await channel.destinations(ctx);
    } catch (err) {
      log.error({ err, channel: channel.name }, 'could not list the destinations of a channel; the dispatch will be retried');
      failure = err;
      continue;
    }
    const ids = await createDeliveries(deps.db, eventId, channel.name, destinations);
    for (const id of ids) await deliverSoon(deps, id);
    count += ids.length;
  }
  if (failure) throw failure;
  await markLeadEventDispatched(deps.db, eventId, deps.now());
  log.info({ type: record.event.type, deliveries: count }, 'lead event dispatched');
  return { deliveries: count };
}
