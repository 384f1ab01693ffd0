import type { LeadEventContext, LeadEventType } from '@opencma/delivery';

/** A lead event as the worker builds it, for the channel's tests. */
export function leadContext(type: LeadEventType = 'lead.created', over: Partial<LeadEventContext['lead']> = {}): LeadEventContext {
  return {
    event: { id: '7d2b8f0e-0000-4000-8000-000000000001', type, occurredAt: '2026-12-06T05:00:00.000Z', data: {} },
    lead: {
      reportId: 'r1',
      reportUrl: 'https://cma.example.com/r/abc123',
      agentLeadUrl: 'https://cma.example.com/agent/leads/abc123',
      phone: '+12065550123',
      propertyAddress: '1156 N 93rd St, Seattle, WA 98103',
      status: 'completed',
      leadStatus: 'new',
      estimate: { value: 812_345, low: 760_000, high: 865_000 },
      createdAt: '2026-12-06T05:00:00.000Z',
      failureReason: null,
      ...over,
    },
    agent: {
      id: 'agent-1',
      accountId: null,
      name: 'Pat Lee',
      phone: '+12065550100',
      email: null,
      agentCode: 'k7m2xqp',
      brandColor: null,
      brokerage: null,
    },
  };
}
