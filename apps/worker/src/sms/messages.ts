/** The texts we send, in one place. Pure. */
import type { ReportFailureCode } from '@opencma/core';
import { moneyShort } from '@opencma/view';

/** Who the homeowner's texts come from: carriers expect the sender (agent and brokerage) named. */
export interface Sender {
  agentName: string;
  brokerage: string | null;
}

/** Carriers expect opt-out wording in a program's messages; the inbound webhook honours it (README, Opt-out). */
const OPT_OUT = 'Reply STOP to opt out.';

const from = ({ agentName, brokerage }: Sender) => (brokerage ? `${agentName} of ${brokerage}` : agentName);

export function consumerReportReadyText(sender: Sender, reportUrl: string): string {
  return `Your home value report from ${from(sender)} is ready: ${reportUrl} ${OPT_OUT}`;
}

/** A report that could not be made: what happens next, in plain words (a known cause named, never "an error"). */
export function consumerReportFailedText(sender: Sender, address: string, code: ReportFailureCode | null): string {
  const next =
    code === 'address_not_found'
      ? `We couldn't find ${address} in the local sales records, so ${sender.agentName} will prepare a personal valuation and contact you.`
      : `We couldn't finish the home value report for ${address}. ${sender.agentName} has your request and will follow up with you shortly.`;
  return `${from(sender)}: ${next} ${OPT_OUT}`;
}

export interface AgentLead {
  /** The homeowner's number, formatted for people: "(201) 555-0123". */
  consumerPhone: string;
  address: string;
  /** The lead in the agent workspace (/agent/leads/{id}): never the homeowner's report, whose views count as theirs. */
  leadUrl: string;
  estimate: { low: number; high: number } | null;
  /** The homeowner corrected the MLS's facts of the home. */
  corrected: boolean;
  /** Why there is no report, when known. */
  failure: ReportFailureCode | null;
  /** The report failed (or could not locate the home): the agent should follow up directly. */
  failed: boolean;
}

export function agentLeadText(lead: AgentLead): string {
  const parts = [`New CMA lead: ${lead.consumerPhone} for ${lead.address}.`];
  if (lead.estimate)
    parts.push(`Estimate ${moneyShort(lead.estimate.low)}–${moneyShort(lead.estimate.high)}${lead.corrected ? '; owner corrected the facts' : ''}.`);
  else if (lead.corrected) parts.push('Owner corrected the facts.');
  if (lead.failure === 'address_not_found') parts.push('Needs a personal valuation: the address could not be located in the MLS.');
  else if (lead.failure === 'mls_unavailable') parts.push('The MLS could not be reached, so there is no report; please follow up directly.');
  else if (lead.failed) parts.push('The report could not be generated; please follow up directly.');
  parts.push(`Lead: ${lead.leadUrl}`);
  return parts.join(' ');
}
