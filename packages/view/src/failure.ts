/**
 * A report that could not be made, explained the same way on the report page, in the agent's lead
 * page and in e-mails: a known cause in plain words and what happens next; "something went wrong"
 * only when the cause is not known.
 */
export interface FailureWords {
  title: string;
  /** What happened and what happens next, for the homeowner. */
  body: string;
  /** What the agent needs to do, for the lead page. */
  forAgent: string;
}

/** `code`: a ReportFailureCode of @opencma/core, or null (unknown). */
export function failureWords(code: string | null, address: string, agentName: string): FailureWords {
  switch (code) {
    case 'address_not_found':
      return {
        title: `${agentName} will prepare a personal valuation`,
        body: `We couldn’t find ${address} in the local sales records, so we can’t compute an instant estimate. Nothing is lost: ${agentName} has your request and will prepare a personal valuation for you.`,
        forAgent: 'Needs a personal valuation: the address could not be located in the MLS, so there is no instant estimate.',
      };
    case 'mls_unavailable':
      return {
        title: 'We couldn’t produce your report just now',
        body: `The home sales records we use could not be reached while we prepared the report for ${address}. Nothing is lost: ${agentName} has your request and will follow up with you personally.`,
        forAgent: 'The MLS could not be reached (or refused the request), so there is no report: please follow up directly.',
      };
    default:
      return {
        title: 'We couldn’t produce your report',
        body: `Something went wrong while we prepared the report for ${address}. Nothing is lost: ${agentName} has your request and will follow up with you personally.`,
        forAgent: 'The report could not be generated: please follow up directly.',
      };
  }
}
