/**
 * The landing page's form as server-rendered HTML. client/landing.ts attaches the behaviour (phone
 * formatting, address combobox, property confirmation, inline errors, submission) and then marks the
 * form `data-hydrated`. Without JavaScript it is a plain form the browser posts to the page itself
 * (app/cma/[code]/route.ts POST); a post with problems comes back rendered with what was typed and
 * the same inline errors and summary client/field-errors.ts draws.
 */
import { FACT_KEYS, FACT_LABELS, factBounds, factsSummary, type FactKey, type Facts } from '../facts';
import {
  FIELD_NAMES,
  FIELD_ORDER,
  factName,
  fieldId,
  mlsFactName,
  SUMMARY_TITLE,
  type Field,
  type FormErrors,
  type LeadFormValues,
} from '../lead-submit';
import { html, type SafeHtml } from '@opencma/view';

export const LISTBOX_ID = 'address-listbox';

export interface LeadFormParts {
  ctaText: string;
  consentText: string;
  /** The disclosure's version, posted with the form (consent_version). */
  consentVersion: number;
  /** Render the Turnstile box (only when a site key is configured). */
  turnstile: boolean;
  /** Who prepares a personal valuation when the address cannot be located. */
  agentName: string;
  /** What was posted, shown again (a post without JavaScript that needs another try). */
  values?: LeadFormValues;
  errors?: FormErrors;
}

const errorId = (field: Field) => `${fieldId(field)}-error`;

/** aria-invalid and aria-describedby of a field's input: its hint(s), then its error, as client/field-errors.ts sets them. */
function describe(field: Field, errors: FormErrors, hints: string[]): SafeHtml {
  const ids = errors[field] ? [...hints, errorId(field)] : hints;
  return html`${errors[field] ? html` aria-invalid="true"` : ''}${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}`;
}

function fieldError(field: Field, errors: FormErrors): SafeHtml | '' {
  const message = errors[field];
  return message ? html`<p class="field-error" id="${errorId(field)}">${message}</p>` : '';
}

/**
 * The error summary at the top of the form. `autofocus` stands in for the script's focus() after a
 * submit, so it is read out first.
 */
function errorSummary(errors: FormErrors): SafeHtml | '' {
  const list = FIELD_ORDER.filter((f) => errors[f]);
  if (!errors.form && !list.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="form-errors" autofocus>${errors.form ?? SUMMARY_TITLE}${
    list.length ? html`<ul>${list.map((f) => html`<li><a href="#${fieldId(f)}">${errors[f]}</a></li>`)}</ul>` : ''
  }</div>`;
}

/**
 * "Is this your home?" as client/property-facts.ts draws it, with the corrections open: only when a
 * post that carried the facts comes back (the script was there to show them, then stopped).
 */
function propertyFacts(facts: { mls: Facts; typed: Record<FactKey, string> }, errors: FormErrors): SafeHtml {
  const field = (k: FactKey) =>
    html`<div class="fact-field"><label for="${fieldId(k)}">${FACT_LABELS[k]}</label><input id="${fieldId(k)}" name="${factName(k)}" class="input" type="text" inputmode="${
      factBounds(k).step === 1 ? 'numeric' : 'decimal'
    }" autocomplete="off" value="${facts.typed[k]}"${describe(k, errors, [])}>${fieldError(k, errors)}</div>`;
  return html`<div role="group" aria-labelledby="property-title"><p id="property-title" class="property-title">Is this your home?</p><p id="property-summary" class="property-summary">${
    factsSummary(facts.mls) || 'We found your home in recent records.'
  }</p>${FACT_KEYS.map((k) => html`<input type="hidden" name="${mlsFactName(k)}" value="${facts.mls[k] ?? ''}">`)}<fieldset id="facts-edit" class="facts-edit"><legend class="sr-only">Correct the details of your home</legend>${FACT_KEYS.map(field)}</fieldset></div>`;
}

/**
 * Said before submitting when the address cannot be located (typed, not picked, and unknown to the
 * MLS): no instant estimate, and the agent's personal valuation instead. client/landing.ts shows it;
 * the submit button then reads PERSONAL_VALUATION_CTA.
 */
function addressNotFound(agentName: string): SafeHtml {
  return html`<div class="address-notice" id="address-notice" hidden><p><strong>We can’t find this address in our records</strong>, so an instant estimate isn’t possible. Check it, and pick it from the list if it appears — or send it as it is and ${agentName} will prepare a personal valuation for you.</p></div>`;
}

export const PERSONAL_VALUATION_CTA = 'Request a personal valuation';

export function leadFormHtml({ ctaText, consentText, consentVersion, turnstile, agentName, values, errors = {} }: LeadFormParts): SafeHtml {
  // novalidate: without the script the server checks the fields and answers with the same inline
  // errors as the script (browser bubbles would differ in look and wording); `required` still tells
  // assistive technology which fields are needed.
  return html`<form method="post" novalidate data-landing-form>${errorSummary(errors)}<div class="field"><label for="phone">Mobile phone</label><input id="phone" name="${FIELD_NAMES.phone}" class="input" type="tel" inputmode="tel" autocomplete="tel" placeholder="(206) 555-0123" required${describe(
    'phone',
    errors,
    ['phone-hint'],
  )}${values ? html` value="${values.phone}"` : ''}><p class="hint" id="phone-hint">We’ll text your report link to this number.</p>${fieldError('phone', errors)}</div><div class="field"><label for="address">Property address</label><div class="combobox"><input id="address" name="${
    FIELD_NAMES.address
  }" class="input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${LISTBOX_ID}" autocomplete="off" spellcheck="false" placeholder="Start typing your address" required${describe(
    'address',
    errors,
    ['address-hint'],
  )}${values ? html` value="${values.address}"` : ''}><ul id="${LISTBOX_ID}" role="listbox" aria-label="Address suggestions" class="listbox" hidden></ul></div><p class="hint" id="address-hint">Include your unit number if you have one.</p><p class="sr-only" id="address-status" aria-live="polite"></p>${fieldError(
    'address',
    errors,
  )}${addressNotFound(agentName)}<div class="property-confirm" aria-live="polite">${values?.facts ? propertyFacts(values.facts, errors) : ''}</div></div><div class="honeypot" aria-hidden="true"><label for="website">Website</label><input id="website" name="${
    FIELD_NAMES.website
  }" type="text" tabindex="-1" autocomplete="off"></div><div class="field"><label class="check" for="consent"><input id="consent" name="${FIELD_NAMES.consent}" type="checkbox" required${
    values?.consent ? html` checked` : ''
  }${describe('consent', errors, [])}><span>${consentText}</span></label>${fieldError('consent', errors)}</div><input type="hidden" name="${
    FIELD_NAMES.consentVersion
  }" value="${consentVersion}">${
    turnstile ? html`<div class="field" id="turnstile"><div class="turnstile"></div>${fieldError('turnstile', errors)}</div>` : ''
  }<button type="submit" class="btn">${ctaText}</button><p class="fine-print">Free, no obligation. Consent is not a condition of any purchase.</p>${
    // Cloudflare's verification runs only as a script: without it the form cannot be sent
    turnstile
      ? html`<noscript><p class="hint">Sending this form needs JavaScript for a quick verification. Please turn it on, or contact the agent directly.</p></noscript>`
      : ''
  }</form>`;
}
