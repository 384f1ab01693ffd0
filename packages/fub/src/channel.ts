import type { FubClient } from './client';
import type { DeliveryChannel, DeliveryOutcome } from '@opencma/delivery';
import { buildFubEvent, deliveryMarker, FUB_EVENT_TYPES } from './payload';

/** What the channel reads from the database (implemented in @opencma/db, handed over by the runtime). */
export interface FubConnectionStore {
  /** The connection that applies to this agent: their own, else their account's; null when none. */
  connectionFor(agentId: string, accountId: string | null): Promise<{ id: string } | null>;
  /** The API key of a connection; null when it was removed since the delivery was planned. */
  apiKeyOf(connectionId: string): Promise<string | null>;
}

export interface FubChannelOptions {
  client: FubClient;
  store: FubConnectionStore;
  /** X-System name, also sent as the body's `system`. */
  systemName: string;
  /** Injected clock (tests pin it). */
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a new lead's Seller Inquiry waits for its report's estimate before it is sent without one. */
export const ESTIMATE_WAIT_MS = 5 * 60 * 1000;
const UNFINISHED = new Set(['pending', 'processing']);

/**
 * Follow Up Boss as a delivery channel: a new lead becomes a "Seller Inquiry", a report view a
 * "Viewed Page" event, each sent once to the connection (API key) that applies to the lead's agent.
 * A send whose claim went stale is marked unknown (FUB has no idempotency key: never sent blindly twice).
 * A new lead's inquiry waits for its report's estimate (at most ESTIMATE_WAIT_MS after the submission).
 * A retry first looks the event up in FUB (by the delivery marker in its description), so an attempt
 * that arrived unanswered is adopted, not sent twice.
 */
export function createFubChannel(options: FubChannelOptions): DeliveryChannel {
  return {
    name: 'fub',
    retryWindowMs: DAY_MS,
    onStaleClaim: 'unknown',
    async destinations(ctx) {
      if (!FUB_EVENT_TYPES[ctx.event.type]) return [];
      const connection = await options.store.connectionFor(ctx.agent.id, ctx.agent.accountId);
      return connection ? [connection.id] : [];
    },
    async send(ctx, delivery): Promise<DeliveryOutcome> {
      // lead.created is written at submission, before the valuation: the inquiry waits (a retry, not a
      // call to FUB) until the report is finished so the estimate is in it — but never longer than ESTIMATE_WAIT_MS.
      const age = (options.now?.() ?? new Date()).getTime() - Date.parse(ctx.event.occurredAt);
      if (ctx.event.type === 'lead.created' && UNFINISHED.has(ctx.lead.status) && age < ESTIMATE_WAIT_MS) {
        return { kind: 'retry', error: 'waiting for the report to finish so the estimate goes with the lead (not sent yet)' };
      }
      const body = buildFubEvent(ctx, { system: options.systemName, deliveryId: delivery.id });
      if (!body) return { kind: 'failed', error: `${ctx.event.type} events are not sent to Follow Up Boss` };
      const apiKey = await options.store.apiKeyOf(delivery.destination);
      if (!apiKey) return { kind: 'failed', error: 'The Follow Up Boss connection was removed before this event was sent' };
      // FUB has no idempotency key: before sending again after a failed attempt (which may have gone
      // through unanswered — a timeout, a dropped connection), ask FUB whether the event is there already.
      if (delivery.attempt > 1) {
        const found = await options.client.findEvent(apiKey, ctx.lead.phone, deliveryMarker(delivery.id));
        if (found && 'error' in found)
          return { kind: 'retry', error: `Follow Up Boss could not be asked whether an earlier attempt arrived: ${found.error}` };
        if (found) return { kind: 'sent', providerId: found.personId };
      }
      return options.client.sendEvent(apiKey, body);
    },
  };
}
