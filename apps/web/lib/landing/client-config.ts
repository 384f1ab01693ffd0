import type { MetadataJson } from 'libphonenumber-js/core';

/** Id of the <script type="application/json"> that carries the form's settings to client/landing.ts. */
export const CLIENT_CONFIG_ID = 'landing-config';

/** What the landing page's script needs from the server (public values only: never a secret key). */
export interface LandingClientConfig {
  agentCode: string;
  /** The version of the consent disclosure shown next to the checkbox, submitted as consent_version. */
  consentVersion: number;
  allowedCountries: string[];
  /** libphonenumber-js metadata of the allowed countries (small: see lib/phone-metadata.ts). */
  phoneMetadata: MetadataJson;
  turnstileSiteKey: string | null;
}
