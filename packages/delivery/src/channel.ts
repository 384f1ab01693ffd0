/** The lead events a channel can be told about (decision 0019). */
export type LeadEventType =
  | 'lead.created'
  | 'report.completed'
  | 'report.failed'
  | 'report.viewed'
  | 'lead.status_changed'
  | 'cma.requested'
  | 'lead.likely_to_sell';
export type DeliveryChannelName = 'email' | 'webhook' | 'fub';
/** Everything a channel needs to build a message; built once per event by the worker from the db. */
export interface LeadEventContext {
  event: { id: string; type: LeadEventType; occurredAt: string; data: Record<string, unknown> };
  lead: {
    reportId: string;
    reportUrl: string;
    agentLeadUrl: string;
    phone: string /* E.164 */;
    propertyAddress: string;
    status: string /* report status */;
    leadStatus: string;
    estimate: { value: number; low: number; high: number } | null;
    createdAt: string;
    failureReason: string | null;
  };
  agent: {
    id: string;
    accountId: string | null;
    name: string;
    phone: string;
    email: string | null;
    agentCode: string;
    brandColor: string | null;
    brokerage: string | null;
  };
}
export type DeliveryOutcome =
  | { kind: 'sent'; providerId?: string; responseStatus?: number }
  | { kind: 'retry'; error: string; responseStatus?: number; retryAfterMs?: number }
  | { kind: 'failed'; error: string; responseStatus?: number };
export interface DeliveryChannel {
  readonly name: DeliveryChannelName;
  /** How long failed sends keep being retried, from the first attempt. */
  readonly retryWindowMs: number;
  readonly onStaleClaim: 'resend' | 'unknown';
  /** The destinations this event goes to on this channel (reads the agent's/account's settings); [] = none. */
  destinations(ctx: LeadEventContext): Promise<string[]>;
  /** Sends one delivery. `deliveryId` is stable across retries (use it as the idempotency key / webhook-id / Message-ID). */
  send(ctx: LeadEventContext, delivery: { id: string; destination: string; attempt: number }): Promise<DeliveryOutcome>;
}
