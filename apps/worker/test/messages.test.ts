import { describe, expect, it } from 'vitest';
import { agentLeadText, consumerReportFailedText, consumerReportReadyText } from '../src/sms/messages';

const sender = { agentName: 'Jordan Avery', brokerage: 'Evergreen Realty Group' };
const lead = {
  consumerPhone: '(201) 555-0123',
  address: '1156 N 93rd St, Seattle, WA 98103',
  leadUrl: 'https://cma.example.com/agent/leads/abc',
  estimate: { low: 410_000, high: 452_000 },
  corrected: false,
  failure: null,
  failed: false,
};

describe('texts', () => {
  it('the homeowner’s texts name the agent and the brokerage and end with opt-out wording', () => {
    expect(consumerReportReadyText(sender, 'https://cma.example.com/r/abc')).toBe(
      'Your home value report from Jordan Avery of Evergreen Realty Group is ready: https://cma.example.com/r/abc Reply STOP to opt out.',
    );
    expect(consumerReportReadyText({ agentName: 'Pat Lee', brokerage: null }, 'u')).toBe(
      'Your home value report from Pat Lee is ready: u Reply STOP to opt out.',
    );
    const notFound = consumerReportFailedText(sender, '1 Nowhere Ln', 'address_not_found');
    expect(notFound).toBe(
      "Jordan Avery of Evergreen Realty Group: We couldn't find 1 Nowhere Ln in the local sales records, so Jordan Avery will prepare a personal valuation and contact you. Reply STOP to opt out.",
    );
    expect(consumerReportFailedText(sender, '1 Main St', null)).toMatch(
      /^Jordan Avery of Evergreen Realty Group: .*has your request.* Reply STOP to opt out\.$/,
    );
  });

  it('the agent’s text carries the estimate range, the formatted phone, a corrected-facts flag and the lead link', () => {
    expect(agentLeadText(lead)).toBe(
      'New CMA lead: (201) 555-0123 for 1156 N 93rd St, Seattle, WA 98103. Estimate $410K–$452K. Lead: https://cma.example.com/agent/leads/abc',
    );
    expect(agentLeadText({ ...lead, corrected: true })).toContain('Estimate $410K–$452K; owner corrected the facts.');
    const personal = agentLeadText({ ...lead, estimate: null, failure: 'address_not_found', failed: true });
    expect(personal).toBe(
      'New CMA lead: (201) 555-0123 for 1156 N 93rd St, Seattle, WA 98103. Needs a personal valuation: the address could not be located in the MLS. Lead: https://cma.example.com/agent/leads/abc',
    );
    expect(agentLeadText({ ...lead, estimate: null, failed: true })).toContain('The report could not be generated; please follow up directly.');
    expect(agentLeadText({ ...lead, estimate: null, corrected: true, failed: true })).toContain('Owner corrected the facts.');
  });
});
