/**
 * The JSON body of a webhook: `{ type, timestamp, data }` (Standard Webhooks' recommended shape).
 * `data` carries the lead as the agent sees it in their workspace (the homeowner's phone, the
 * address, the estimate, the report link and statuses) and the event's own details; nothing more.
 */
import { z } from 'zod';
import type { LeadEventContext } from '@opencma/delivery';

export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'report.completed',
  'report.failed',
  'report.viewed',
  'lead.status_changed',
  'cma.requested',
  'lead.likely_to_sell',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const estimate = z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable();

/** The JSON body of every webhook (also its OpenAPI description: components.schemas.WebhookPayload). */
export const webhookPayload = z
  .object({
    type: z.enum([...WEBHOOK_EVENT_TYPES, 'webhook.test']).describe('The event; webhook.test is sent only by "Send a test event"'),
    timestamp: z.string().describe('When the event happened (ISO 8601); the webhook-timestamp header says when this attempt was signed'),
    data: z.object({
      event_id: z.string(),
      report_id: z.string(),
      report_url: z.string().describe("The homeowner's report page"),
      agent_lead_url: z.string().describe("The lead in the agent's workspace"),
      consumer_phone: z.string().describe("The homeowner's phone (E.164), as the agent sees it"),
      property_address: z.string(),
      report_status: z.string().describe('pending | processing | completed | failed'),
      lead_status: z.string().describe('new | contacted | appointment | listed | closed | lost'),
      estimate: estimate.describe('The value estimate and its range (USD), null when there is none (yet)'),
      failure_reason: z.string().nullable(),
      lead_created_at: z.string(),
      agent: z.object({ id: z.string(), name: z.string(), agent_code: z.string() }),
      detail: z
        .record(z.string(), z.unknown())
        .describe(
          "The event's own details, e.g. { from, to } for lead.status_changed, { session_id, device_type } for report.viewed or { score, reasons } for lead.likely_to_sell",
        ),
    }),
  })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.infer<typeof webhookPayload>;

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
