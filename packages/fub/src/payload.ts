import { splitAddress } from './address';
import type { LeadEventContext } from '@opencma/delivery';

/** Follow Up Boss's `source` for every event: the lead source the agent sees in their CRM. */
export const FUB_SOURCE = 'OpenCMA';

/** The body of POST /v1/events (the fields OpenCMA sends; see docs.followupboss.com/reference/events-post). */
export interface FubEventBody {
  source: string;
  system: string;
  type: 'Seller Inquiry' | 'General Inquiry' | 'Viewed Page';
  message?: string;
  description?: string;
  sourceUrl?: string;
  occurredAt: string;
  person: {
    phones: { value: string; type: 'mobile' }[];
    addresses?: { type: 'home'; street: string; city?: string; state?: string; code?: string }[];
  };
  property?: { street: string; city?: string; state?: string; code?: string; price?: number; url?: string };
  pageUrl?: string;
  pageTitle?: string;
}

/** The FUB event types OpenCMA's events become; events without one are not sent to Follow Up Boss. */
export const FUB_EVENT_TYPES: Partial<Record<LeadEventContext['event']['type'], FubEventBody['type']>> = {
  'lead.created': 'Seller Inquiry',
  'report.viewed': 'Viewed Page',
  // decision 0029: a note-like inquiry on the existing person, not a new seller lead
  'lead.likely_to_sell': 'General Inquiry',
};

/** What ties a FUB event to its delivery: written into the description, looked up before a retry. */
export const deliveryMarker = (deliveryId: string) => `OpenCMA delivery ${deliveryId}`;

const dollars = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

function estimateLine(estimate: LeadEventContext['lead']['estimate']): string {
  if (!estimate) return 'Estimate: not available yet (the report is still being prepared, or there were too few comparable sales).';
  return `Estimated value: ${dollars(estimate.value)} (range ${dollars(estimate.low)}–${dollars(estimate.high)}).`;
}

/** The reasons a lead.likely_to_sell event carries, as one line. */
function reasonsLine(data: Record<string, unknown>): string {
  const reasons = Array.isArray(data.reasons) ? data.reasons.filter((r): r is string => typeof r === 'string') : [];
  return reasons.length ? `The homeowner ${reasons.join(', ')}.` : 'The homeowner is acting like a seller.';
}

/**
 * The Follow Up Boss event for an OpenCMA event, or null when this event type is not sent there.
 * `deliveryId` goes into the description so an event can be matched to its delivery in the CRM.
 */
export function buildFubEvent(ctx: LeadEventContext, opts: { system: string; deliveryId: string }): FubEventBody | null {
  const type = FUB_EVENT_TYPES[ctx.event.type];
  if (!type) return null;
  const { lead } = ctx;
  const address = splitAddress(lead.propertyAddress);
  const person = { phones: [{ value: lead.phone, type: 'mobile' as const }] };
  const base = { source: FUB_SOURCE, system: opts.system, type, occurredAt: ctx.event.occurredAt, sourceUrl: lead.agentLeadUrl };
  if (type === 'Viewed Page') {
    return {
      ...base,
      person,
      pageUrl: lead.reportUrl,
      pageTitle: `Home value report: ${lead.propertyAddress}`,
      description: `Opened their home value report for ${lead.propertyAddress}. ${deliveryMarker(opts.deliveryId)}`,
    };
  }
  if (ctx.event.type === 'lead.likely_to_sell') {
    return {
      ...base,
      person,
      message: [`Likely to sell: ${lead.propertyAddress}.`, reasonsLine(ctx.event.data), `Report: ${lead.reportUrl}`].join('\n'),
      description: `Lead in OpenCMA: ${lead.agentLeadUrl}\n${deliveryMarker(opts.deliveryId)}`,
    };
  }
  return {
    ...base,
    message: [`Home value report requested for ${lead.propertyAddress}.`, estimateLine(lead.estimate), `Report: ${lead.reportUrl}`].join('\n'),
    description: `Lead in OpenCMA: ${lead.agentLeadUrl}\n${deliveryMarker(opts.deliveryId)}`,
    person: { ...person, addresses: [{ type: 'home', ...address }] },
    property: { ...address, ...(lead.estimate ? { price: Math.round(lead.estimate.value) } : {}), url: lead.reportUrl },
  };
}
