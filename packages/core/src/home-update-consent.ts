/**
 * The express consent to recurring home-value e-mails (decision 0028): its own versioned disclosure,
 * rendered by the server for the report's agent (the first report's consent covers calls and texts
 * about that one report, not recurring messages). A version's wording never changes once published.
 */
import type { ConsentParty } from './consent';

const HOME_UPDATE_DISCLOSURES = {
  1: ({ agentName, brokerage }: ConsentParty) =>
    `I agree that ${agentName}${brokerage ? ` of ${brokerage}` : ''} may e-mail me an updated estimate of my home's value at this address, monthly or quarterly as I chose. I can unsubscribe at any time with the link in every e-mail.`,
} as const;

export type HomeUpdateConsentVersion = keyof typeof HOME_UPDATE_DISCLOSURES;

/** The version the report page shows now. */
export const CURRENT_HOME_UPDATE_CONSENT_VERSION: HomeUpdateConsentVersion = 1;

export const isHomeUpdateConsentVersion = (v: unknown): v is HomeUpdateConsentVersion =>
  typeof v === 'number' && Object.hasOwn(HOME_UPDATE_DISCLOSURES, v);

/** The disclosure text of `version` for this agent. */
export function homeUpdateConsentDisclosure(version: HomeUpdateConsentVersion, party: ConsentParty): string {
  const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
  const brokerage = party.brokerage ? clean(party.brokerage) : '';
  return HOME_UPDATE_DISCLOSURES[version]({ agentName: clean(party.agentName), brokerage: brokerage || null });
}
