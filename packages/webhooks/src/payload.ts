/**
 * The JSON body of a webhook: `{ type, timestamp, data }` (Standard Webhooks' recommended shape).
 * `data` carries the lead as the agent sees it in their workspace (the homeowner's phone, the
 * address, the estimate, the report link and statuses) and the event's own details; nothing more.
 */
import type { LeadEventContext } from '@opencma/delivery';

export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'report.completed',
  'report.failed',
  'report.viewed',
  'lead.status_changed',
  'cma.requested',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookPayload {
  type: WebhookEventType | 'webhook.test';
  timestamp: string;
  data: {
    event_id: string;
    report_id: string;
    report_url: string;
    agent_lead_url: string;
    consumer_phone: string;
    property_address: string;
    report_status: string;
    lead_status: string;
    estimate: { value: number; low: number; high: number } | null;
    failure_reason: string | null;
    lead_created_at: string;
    agent: { id: string; name: string; agent_code: string };
    /** The event's own details, e.g. { from, to } for lead.status_changed or { device_type } for report.viewed. */
    detail: Record<string, unknown>;
  };
}

export function buildPayload(ctx: LeadEventContext): WebhookPayload {
  const { event, lead, agent } = ctx;
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      event_id: event.id,
      report_id: lead.reportId,
      report_url: lead.reportUrl,
      agent_lead_url: lead.agentLeadUrl,
      consumer_phone: lead.phone,
      property_address: lead.propertyAddress,
      report_status: lead.status,
      lead_status: lead.leadStatus,
      estimate: lead.estimate,
      failure_reason: lead.failureReason,
      lead_created_at: lead.createdAt,
      agent: { id: agent.id, name: agent.name, agent_code: agent.agentCode },
      detail: event.data,
    },
  };
}
