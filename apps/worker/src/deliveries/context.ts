import type { LeadEventContext, LeadEventType } from '@opencma/delivery';
import type { LeadEventRecord } from '@opencma/db';

/** Where the agent opens a lead in their workspace. */
export const agentLeadUrl = (publicBaseUrl: string, reportId: string) => `${publicBaseUrl}/agent/leads/${encodeURIComponent(reportId)}`;

/** What every channel is told about an event: built once per event from its rows (pure). */
export function leadEventContext(record: LeadEventRecord, publicBaseUrl: string): LeadEventContext {
  const { event, report, agent, account } = record;
  const branded = account?.branding_enabled ?? false;
  const estimate =
    report.estimate_value !== null && report.estimate_low !== null && report.estimate_high !== null
      ? { value: report.estimate_value, low: report.estimate_low, high: report.estimate_high }
      : null;
  return {
    event: { id: event.id, type: event.type as LeadEventType, occurredAt: event.occurred_at.toISOString(), data: event.data ?? {} },
    lead: {
      reportId: report.id,
      reportUrl: `${publicBaseUrl}/r/${report.id}`,
      agentLeadUrl: agentLeadUrl(publicBaseUrl, report.id),
      phone: report.consumer_phone,
      propertyAddress: report.property_address,
      status: report.status,
      leadStatus: report.lead_status,
      estimate,
      createdAt: report.created_at.toISOString(),
      failureReason: report.failure_reason,
    },
    agent: {
      id: agent.id,
      accountId: agent.account_id,
      name: agent.name,
      phone: agent.phone ?? '',
      email: agent.email,
      agentCode: agent.agent_code,
      brandColor: branded ? (account?.primary_color ?? null) : null,
      brokerage: account?.name ?? null,
    },
  };
}
