/**
 * The express consent to value updates by text message (decision 0034): its own versioned disclosure,
 * separate from the e-mail one (decision 0028) and from the first report's consent, rendered by the
 * server for the report's agent and the homeowner's number (shown masked). It says what carriers and
 * the TCPA expect of a recurring automated marketing program: who sends, that the texts are recurring
 * and automated, how often, that message and data rates may apply, STOP and HELP, and that consent is
 * not a condition of any purchase. A version's wording never changes once published.
 */
import type { ConsentParty } from './consent';

export interface SmsConsentParty extends ConsentParty {
  /** The number the texts go to, masked: "(206) •••-••34". */
  maskedPhone: string;
}

const HOME_UPDATE_SMS_DISCLOSURES = {
  1: ({ agentName, brokerage, maskedPhone }: SmsConsentParty) =>
    `I agree that ${agentName}${brokerage ? ` of ${brokerage}` : ''} may send recurring automated marketing text messages with an updated estimate of my home's value to ${maskedPhone}, monthly or quarterly as I chose (1 message per update). Consent is not a condition of any purchase. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`,
} as const;

export type HomeUpdateSmsConsentVersion = keyof typeof HOME_UPDATE_SMS_DISCLOSURES;

/** The version the report page shows now. */
export const CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION: HomeUpdateSmsConsentVersion = 1;

export const isHomeUpdateSmsConsentVersion = (v: unknown): v is HomeUpdateSmsConsentVersion =>
  typeof v === 'number' && Object.hasOwn(HOME_UPDATE_SMS_DISCLOSURES, v);

/** The SMS disclosure text of `version` for this agent and number. */
export function homeUpdateSmsConsentDisclosure(version: HomeUpdateSmsConsentVersion, party: SmsConsentParty): string {
  const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
  const brokerage = party.brokerage ? clean(party.brokerage) : '';
  return HOME_UPDATE_SMS_DISCLOSURES[version]({ agentName: clean(party.agentName), brokerage: brokerage || null, maskedPhone: party.maskedPhone });
}

/**
 * A North American number for people, all but its area code and last two digits hidden:
 * "+12065550134" → "(206) •••-••34". Other numbers keep only their last two digits.
 */
export function maskedPhoneForPeople(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const nanp = /^1?(\d{3})\d{5}(\d{2})$/.exec(digits);
  if (nanp) return `(${nanp[1]}) •••-••${nanp[2]}`;
  return `•••${digits.slice(-2)}`;
}
