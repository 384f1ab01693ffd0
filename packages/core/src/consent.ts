/**
 * The consent disclosures: versioned templates the server renders for an agent (decision 0012). The
 * landing page shows the current version and posts its number; the API renders the same version
 * itself and stores that text and its hash, never text a client sends. A version's wording never
 * changes once published: a new wording is a new version (old pages still post the old one, which
 * stays renderable).
 */

/** Who the consumer agrees may contact them. */
export interface ConsentParty {
  agentName: string;
  /** The agent's brokerage (account name), when the agent has one. */
  brokerage: string | null;
}

const DISCLOSURES = {
  1: ({ agentName }: ConsentParty) =>
    `I agree that ${agentName} may contact me by call or text at this number about my home's value. Message and data rates may apply. Reply STOP to opt out.`,
  2: ({ agentName, brokerage }: ConsentParty) =>
    `I agree that ${agentName}${brokerage ? ` of ${brokerage}` : ''} may contact me by call or text, including automated texts, at this number about my home's value. Consent is not a condition of any purchase. Message and data rates may apply. Reply STOP to opt out.`,
} as const;

export type ConsentVersion = keyof typeof DISCLOSURES;

/** Every version the server can render (and so accepts). */
export const CONSENT_VERSIONS = Object.keys(DISCLOSURES).map(Number) as ConsentVersion[];

/** The version the landing page shows now. */
export const CURRENT_CONSENT_VERSION: ConsentVersion = 2;

export const isConsentVersion = (v: unknown): v is ConsentVersion => typeof v === 'number' && Object.hasOwn(DISCLOSURES, v);

/** The disclosure text of `version` for this agent. */
export function consentDisclosure(version: ConsentVersion, party: ConsentParty): string {
  const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
  const brokerage = party.brokerage ? clean(party.brokerage) : '';
  return DISCLOSURES[version]({ agentName: clean(party.agentName), brokerage: brokerage || null });
}
