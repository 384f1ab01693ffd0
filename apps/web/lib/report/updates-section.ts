import {
  CURRENT_HOME_UPDATE_CONSENT_VERSION,
  CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION,
  homeUpdateConsentDisclosure,
  homeUpdateSmsConsentDisclosure,
  OWED_FIELDS,
  type ReportModel,
} from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';
import { UPDATES_CHECK_FORM, type UpdatesErrors, type UpdatesFormState, type UpdatesValues } from './updates-submit';

const historyLink = (id: string) => html`<p class="small m-t-sm mb-0"><a href="/r/${id}/history">Your home’s value history</a></p>`;

/** Where both forms post: the page itself (app/r/[id]/route.ts POST), back at this section. */
const formAction = (id: string) => `/r/${id}#updates`;

/** A field's error under it (the page again after a refused form), tied to it for screen readers. */
function fieldError(id: string, error: string | undefined): SafeHtml | string {
  return error ? html`<p class="field-error" id="${id}-error">${error}</p>` : '';
}
const invalid = (id: string, error: string | undefined): SafeHtml | string =>
  error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';

/** What a refused form says at its top: the one problem, or that nothing was saved and where to look. */
function formAlert(errors: UpdatesErrors): SafeHtml | string {
  const message = errors.form ?? (Object.keys(errors).length ? UPDATES_CHECK_FORM : '');
  return message ? html`<p class="notice" role="alert">${message}</p>` : '';
}

function frequencyField(values: UpdatesValues, errors: UpdatesErrors): SafeHtml {
  const chosen = values.frequency ?? 'monthly';
  const radio = (value: 'monthly' | 'quarterly', label: string) =>
    html`<label><input type="radio" name="frequency" value="${value}"${chosen === value ? ' checked' : ''}> ${label}</label>`;
  return html`<fieldset class="updates-frequency"><legend>How often</legend>${radio('monthly', 'Monthly')} ${radio('quarterly', 'Quarterly')}${
    errors.frequency && html`<p class="field-error">${errors.frequency}</p>`
  }</fieldset>`;
}

/**
 * What the homeowner owes, optional (decision 0035): stored with the subscription only when given, for
 * the equity line of each update. What you owe today, or the purchase from which each update estimates
 * the balance; the API validates them (@opencma/core parseOwed). Open when something was typed.
 */
function owedFields(values: UpdatesValues, errors: UpdatesErrors): SafeHtml {
  // labels unlike the equity calculator's on the same page (one name per field for screen readers)
  const input = (name: (typeof OWED_FIELDS)[number], label: string, extra: SafeHtml | string = '') => {
    const id = `updates-${name}`;
    return html`<div><label for="${id}">${label}</label><input class="input" id="${id}" name="${name}" autocomplete="off" maxlength="16"${extra}${
      values[name] ? html` value="${values[name]}"` : ''
    }${invalid(id, errors[name])}>${fieldError(id, errors[name])}</div>`;
  };
  const open = OWED_FIELDS.some((k) => values[k] || errors[k]);
  return html`<details class="updates-owed"${open ? ' open' : ''}><summary>Add what you owe to see your equity (optional)</summary><div class="equity-grid">${input(
    'owed',
    'Amount owed on your home now ($)',
    html` inputmode="decimal"`,
  )}${input('price', 'Or: the price you paid ($)', html` inputmode="decimal"`)}${input('down', 'Your down payment ($)', html` inputmode="decimal"`)}${input(
    'start',
    'Month your loan started',
    html` type="month" placeholder="YYYY-MM"`,
  )}${input('rate', 'Rate of your loan (%)', html` inputmode="decimal"`)}${input('term', 'Length of your loan (years)', html` inputmode="numeric" placeholder="30"`)}</div></details>`;
}

/**
 * "Send me an update every month" (decision 0028): e-mail, monthly or quarterly, and an unticked
 * consent box with the disclosure the server renders (@opencma/core, the same function the API stores
 * the consent record with). A plain form posting to the page itself, with or without JavaScript: the
 * route sends it to the API and answers with a 303 back here (`?subscribed=1`), or this page again with
 * what was typed and the errors (`form`; the consent box is never ticked again for the homeowner).
 */
export function updatesSection(report: ReportModel, subscribed: boolean, form?: UpdatesFormState): SafeHtml {
  if (subscribed) {
    return html`<section class="card section" id="updates" aria-labelledby="updates-h" data-section="updates"><h2 id="updates-h">Value updates</h2><p role="status" class="m-0">You’re subscribed. Each update has a link to your preferences and to unsubscribe.</p>${historyLink(report.id)}</section>`;
  }
  const disclosure = homeUpdateConsentDisclosure(CURRENT_HOME_UPDATE_CONSENT_VERSION, {
    agentName: report.agent.name,
    brokerage: report.agent.brokerage,
  });
  const values = form?.channel === 'email' ? form.values : {};
  const errors = form?.channel === 'email' ? form.errors : {};
  return html`<section class="card section" id="updates" aria-labelledby="updates-h" data-section="updates"><h2 id="updates-h">Send me an update every month</h2><form class="updates-form" method="post" action="${formAction(
    report.id,
  )}">${formAlert(errors)}<label for="updates-email">E-mail</label><input class="input" id="updates-email" name="email" type="email" autocomplete="email" required maxlength="254"${
    values.email ? html` value="${values.email}"` : ''
  }${invalid('updates-email', errors.email)}>${fieldError('updates-email', errors.email)}${frequencyField(
    values,
    errors,
  )}<label class="updates-consent"><input type="checkbox" name="consent" required${invalid('updates-consent', errors.consent)}> <span class="small">${disclosure}</span></label>${fieldError(
    'updates-consent',
    errors.consent,
  )}${owedFields(values, errors)}<input type="hidden" name="consent_version" value="${CURRENT_HOME_UPDATE_CONSENT_VERSION}"><button type="submit" class="btn btn-outline">Send me updates</button></form>${textsForm(
    report,
    form?.channel === 'sms' ? form : undefined,
  )}${historyLink(report.id)}</section>`;
}

/**
 * Or by text (decision 0034), to the number the report was requested with (shown masked; the API never
 * texts another): its own form, so each works without JavaScript with the browser's own checks, and its
 * own unticked express-consent box with the SMS disclosure the API stores as the record. A number that
 * replied STOP comes back here with how to turn texts on again.
 */
function textsForm(report: ReportModel, form: UpdatesFormState | undefined): SafeHtml | string {
  if (!report.maskedPhone) return '';
  const disclosure = homeUpdateSmsConsentDisclosure(CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION, {
    agentName: report.agent.name,
    brokerage: report.agent.brokerage,
    maskedPhone: report.maskedPhone,
  });
  const values = form?.values ?? {};
  const errors = form?.errors ?? {};
  return html`<form class="updates-form updates-texts" method="post" action="${formAction(report.id)}"><h3 class="m-0">Or by text to ${
    report.maskedPhone
  }</h3>${formAlert(errors)}<input type="hidden" name="channel" value="sms">${frequencyField(
    values,
    errors,
  )}<label class="updates-consent"><input type="checkbox" name="sms_consent" required${invalid('updates-sms-consent', errors.sms_consent)}> <span class="small">${disclosure}</span></label>${fieldError(
    'updates-sms-consent',
    errors.sms_consent,
  )}<input type="hidden" name="sms_consent_version" value="${CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION}"><p class="small m-0">Texts come between 8 a.m. and 8 p.m. your time.</p><button type="submit" class="btn btn-outline">Text me updates</button></form>`;
}
