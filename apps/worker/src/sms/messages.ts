/** The texts we send, in one place. Pure. */
import type { ReportFailureCode } from '@opencma/core';
import { money, moneyShort } from '@opencma/view';

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

export interface HomeUpdateSms {
  address: string;
  /** Today's estimate (null: not enough recent sales for one). */
  estimate: number | null;
  /** The baseline of the change: the last update's estimate, else the first report's. */
  before: { value: number; since: 'last update' | 'your first report' } | null;
  reportUrl: string;
}

/** "up $12,000" / "down $3,500" / "unchanged" — words, not signs: a minus sign would make the text UCS-2 (70 characters a segment). */
function changeWords(now: number, before: number): string {
  const d = Math.round(now - before);
  if (d === 0) return 'unchanged';
  return `${d > 0 ? 'up' : 'down'} ${money(Math.abs(d))}`;
}

/**
 * A value update by text (decision 0034): short, plain GSM-7 where it can be: who sends it, the new
 * estimate and its change, the report link and the opt-out words carriers expect.
 */
export function homeUpdateText(sender: Sender, update: HomeUpdateSms): string {
  const news =
    update.estimate === null
      ? `not enough recent sales near ${update.address} for a new estimate this time.`
      : `${update.address} is now estimated at ${money(update.estimate)}${update.before ? `, ${changeWords(update.estimate, update.before.value)} since ${update.before.since}` : ''}.`;
  return `${from(sender)}: your home value update: ${news} ${update.reportUrl} ${OPT_OUT}`;
}
