/**
 * The landing page's form as server-rendered HTML. client/landing.ts attaches the behaviour (phone
 * formatting, address combobox, property confirmation, inline errors, submission) and then marks the
 * form `data-hydrated`. Without JavaScript it is still a labelled form with its required fields.
 */
import { html, type SafeHtml } from '../html';

export const LISTBOX_ID = 'address-listbox';

export interface LeadFormParts {
  ctaText: string;
  consentText: string;
  /** Render the Turnstile box (only when a site key is configured). */
  turnstile: boolean;
}

export function leadFormHtml({ ctaText, consentText, turnstile }: LeadFormParts): SafeHtml {
  return html`<form method="post" data-landing-form><div class="field"><label for="phone">Mobile phone</label><input id="phone" name="phone" class="input" type="tel" inputmode="tel" autocomplete="tel" placeholder="(206) 555-0123" required aria-describedby="phone-hint"><p class="hint" id="phone-hint">We’ll text your report link to this number.</p></div><div class="field"><label for="address">Property address</label><div class="combobox"><input id="address" name="address" class="input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${LISTBOX_ID}" autocomplete="off" spellcheck="false" placeholder="Start typing your address" required aria-describedby="address-hint"><ul id="${LISTBOX_ID}" role="listbox" aria-label="Address suggestions" class="listbox" hidden></ul></div><p class="hint" id="address-hint">Include your unit number if you have one.</p><p class="sr-only" id="address-status" aria-live="polite"></p><div class="property-confirm" aria-live="polite"></div></div><div class="honeypot" aria-hidden="true"><label for="website">Website</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div><div class="field"><label class="check" for="consent"><input id="consent" name="consent" type="checkbox" required><span>${consentText}</span></label></div>${
    turnstile ? html`<div class="field" id="turnstile"><div class="turnstile"></div></div>` : ''
  }<button type="submit" class="btn">${ctaText}</button><p class="fine-print">Free, no obligation. Consent is not a condition of any purchase.</p><noscript><p class="hint">Sending this form needs JavaScript. Please turn it on, or contact the agent directly.</p></noscript></form>`;
}
