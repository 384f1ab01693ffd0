import {
  CURRENT_HOME_UPDATE_CONSENT_VERSION,
  CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION,
  homeUpdateConsentDisclosure,
  homeUpdateSmsConsentDisclosure,
  type ReportModel,
} from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';

const historyLink = (id: string) => html`<p class="small m-t-sm mb-0"><a href="/r/${id}/history">Your home’s value history</a></p>`;

/**
 * What the homeowner owes, optional (decision 0035): stored with the subscription only when given, for
 * the equity line of each update. What you owe today, or the purchase from which each update estimates
 * the balance; the API validates them (@opencma/core parseOwed).
 */
function owedFields(): SafeHtml {
  // labels unlike the equity calculator's on the same page (one name per field for screen readers)
  const input = (name: string, label: string, extra: SafeHtml | string = '') =>
    html`<div><label for="updates-${name}">${label}</label><input class="input" id="updates-${name}" name="${name}" autocomplete="off" maxlength="16"${extra}></div>`;
  return html`<details class="updates-owed"><summary>Add what you owe to see your equity (optional)</summary><div class="equity-grid">${input(
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
 * the consent record with). A plain form: without JavaScript it posts and the API redirects back here.
 */
export function updatesSection(report: ReportModel, subscribed: boolean): SafeHtml {
  if (subscribed) {
    return html`<section class="card section" id="updates" aria-labelledby="updates-h" data-section="updates"><h2 id="updates-h">Value updates</h2><p role="status" class="m-0">You’re subscribed. Each update has a link to your preferences and to unsubscribe.</p>${historyLink(report.id)}</section>`;
  }
  const disclosure = homeUpdateConsentDisclosure(CURRENT_HOME_UPDATE_CONSENT_VERSION, {
    agentName: report.agent.name,
    brokerage: report.agent.brokerage,
  });
  return html`<section class="card section" id="updates" aria-labelledby="updates-h" data-section="updates"><h2 id="updates-h">Send me an update every month</h2><form class="updates-form" method="post" action="/v1/consumer-reports/${report.id}/subscriptions"><label for="updates-email">E-mail</label><input class="input" id="updates-email" name="email" type="email" autocomplete="email" required maxlength="254"><fieldset class="updates-frequency"><legend>How often</legend><label><input type="radio" name="frequency" value="monthly" checked> Monthly</label> <label><input type="radio" name="frequency" value="quarterly"> Quarterly</label></fieldset><label class="updates-consent"><input type="checkbox" name="consent" required> <span class="small">${disclosure}</span></label>${owedFields()}<input type="hidden" name="consent_version" value="${CURRENT_HOME_UPDATE_CONSENT_VERSION}"><button type="submit" class="btn btn-outline">Send me updates</button></form>${textsForm(report)}${historyLink(report.id)}</section>`;
}

/**
 * Or by text (decision 0034), to the number the report was requested with (shown masked; the API never
 * texts another): its own form, so each works without JavaScript with the browser's own checks, and its
 * own unticked express-consent box with the SMS disclosure the API stores as the record.
 */
function textsForm(report: ReportModel): SafeHtml | string {
  if (!report.maskedPhone) return '';
  const disclosure = homeUpdateSmsConsentDisclosure(CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION, {
    agentName: report.agent.name,
    brokerage: report.agent.brokerage,
    maskedPhone: report.maskedPhone,
  });
  return html`<form class="updates-form updates-texts" method="post" action="/v1/consumer-reports/${report.id}/subscriptions"><h3 class="m-0">Or by text to ${report.maskedPhone}</h3><input type="hidden" name="channel" value="sms"><fieldset class="updates-frequency"><legend>How often</legend><label><input type="radio" name="frequency" value="monthly" checked> Monthly</label> <label><input type="radio" name="frequency" value="quarterly"> Quarterly</label></fieldset><label class="updates-consent"><input type="checkbox" name="sms_consent" required> <span class="small">${disclosure}</span></label><input type="hidden" name="sms_consent_version" value="${CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION}"><p class="small m-0">Texts come between 8 a.m. and 8 p.m. your time.</p><button type="submit" class="btn btn-outline">Text me updates</button></form>`;
}
