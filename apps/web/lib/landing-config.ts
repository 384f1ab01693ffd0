import { loadConfig } from '@opencma/config';
import type { MetadataJson } from 'libphonenumber-js/core';
import { phoneMetadataFor } from './phone-metadata';

/** What the landing-page form needs from configuration (public values only: never a secret key). */
export interface LandingFormConfig {
  allowedCountries: string[];
  phoneMetadata: MetadataJson;
  turnstileSiteKey: string | null;
}

export function landingFormConfig(): LandingFormConfig {
  const config = loadConfig();
  return {
    allowedCountries: config.ALLOWED_COUNTRIES,
    phoneMetadata: phoneMetadataFor(config.ALLOWED_COUNTRIES),
    turnstileSiteKey: config.turnstileEnabled ? (config.TURNSTILE_SITE_KEY ?? null) : null,
  };
}
