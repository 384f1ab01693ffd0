import type { DeliveryOutcome } from './channel';

/** One lead in a section of the daily activity digest. */
export interface DigestLead {
  reportId: string;
  propertyAddress: string;
  phone: string /* E.164 */;
  /** How many times on the day (report views: sessions; downloads and requests: events); 1 for new leads. */
  count: number;
}

/** One agent's lead activity on one UTC day. */
export interface DayActivity {
  newLeads: DigestLead[];
  /** Leads from before the day whose homeowner opened their report again on the day. */
  cameBack: DigestLead[];
  pdfDownloads: DigestLead[];
  exactPriceRequests: DigestLead[];
}

/** The daily activity digest e-mail of one agent and day (decision 0030). */
export interface ActivityDigestMessage {
  /** The digest row's id: stable across retries (the Message-ID). */
  digestId: string;
  to: string;
  agent: { name: string; brandColor: string | null; brokerage: string | null };
  /** YYYY-MM-DD (UTC). */
  day: string;
  activity: DayActivity;
  /** Where the agent opens a lead in the workspace. */
  leadUrl: (reportId: string) => string;
  /** Where the agent turns the digest off. */
  settingsUrl: string;
}

/** Sends the digest e-mail (packages/email over SMTP; runtime/src/adapters.ts builds it). Never throws. */
export interface ActivityDigestSender {
  send(message: ActivityDigestMessage): Promise<DeliveryOutcome>;
}
