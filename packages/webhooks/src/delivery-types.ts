// Temporary copy of the delivery interface (packages/delivery, engineer A) until the FOUNDATION merge.
export type LeadEventType = 'lead.created' | 'report.completed' | 'report.failed' | 'report.viewed' | 'lead.status_changed' | 'cma.requested';
export type DeliveryChannelName = 'email' | 'webhook' | 'fub';
export interface LeadEventContext {
  event: { id: string; type: LeadEventType; occurredAt: string; data: Record<string, unknown> };
  lead: {
    reportId: string;
    reportUrl: string;
    agentLeadUrl: string;
    phone: string;
    propertyAddress: string;
    status: string;
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
  readonly retryWindowMs: number;
  readonly onStaleClaim: 'resend' | 'unknown';
  destinations(ctx: LeadEventContext): Promise<string[]>;
  send(ctx: LeadEventContext, delivery: { id: string; destination: string; attempt: number }): Promise<DeliveryOutcome>;
}
