import { consentDisclosure, CURRENT_CONSENT_VERSION } from '@opencma/core';
import type { LandingPage } from './api';

/**
 * The disclosure next to the landing page's checkbox: the current version rendered for the agent and
 * their brokerage (@opencma/core, the same function the API renders the consent record with). The
 * form posts only the version (consent_version); the API stores its own rendering of it.
 */
export function landingConsent(page: Pick<LandingPage, 'agent' | 'account'>): { version: number; text: string } {
  return {
    version: CURRENT_CONSENT_VERSION,
    text: consentDisclosure(CURRENT_CONSENT_VERSION, { agentName: page.agent.name, brokerage: page.account.name }),
  };
}
