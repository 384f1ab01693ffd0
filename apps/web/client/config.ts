import { CLIENT_CONFIG_ID, type LandingClientConfig } from '../lib/landing/client-config';
import { byId } from './dom';

/** The form's settings, written by the server as JSON into the page (lib/landing/landing-page.ts). */
export function readConfig(): LandingClientConfig {
  return JSON.parse(byId(CLIENT_CONFIG_ID).textContent ?? '') as LandingClientConfig;
}
