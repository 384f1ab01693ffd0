/**
 * The preferences page of a value-update subscription, /home-updates/{token} (issue #19, decision
 * 0035), linked from every update: how often, what the homeowner owes (for the equity line; optional,
 * or forget it) and unsubscribe. A plain form that posts to its own page (the route sends it to the
 * API and answers with this page again, with the errors, or a 303 back); no script. The report's look.
 */
import type { OwedField, OwedOnFile, ReportModel } from '@opencma/core';
import { brandStyle, date, html, money, type SafeHtml, safeImageUrl } from '@opencma/view';
import type { HomeUpdatePreferences } from '../api';
import { renderDocument, type PageContext } from '../page/document';
import { topBar } from '../page/top-bar';

export type PreferencesField = OwedField | 'frequency' | 'forget_owed';
export type PreferencesValues = Partial<Record<PreferencesField, string>>;
export type PreferencesErrors = Partial<Record<PreferencesField | 'form', string>>;

export interface PreferencesPageOptions {
  /** Back after saving (`?saved=1`). */
  saved?: boolean;
  /** What was typed (the page again after a 400). */
  values?: PreferencesValues;
  errors?: PreferencesErrors;
}

/** What the homeowner gave, in words. */
export function owedWords(owed: OwedOnFile | null): string {
  if (!owed) return 'Nothing: your updates show no equity line.';
  if (owed.kind === 'owed') return `${money(owed.amount)} you owe (as you told us on ${date(owed.asOf)}).`;
  return `A loan of ${money(owed.amount)} from ${date(owed.start.slice(0, 7))} at ${owed.ratePct}% for ${owed.termYears} years; each update estimates its balance.`;
}

const OWED_INPUTS: { name: OwedField; label: string; type?: 'month'; inputmode?: 'decimal' | 'numeric'; placeholder?: string }[] = [
  { name: 'owed', label: 'What you owe today ($)', inputmode: 'decimal', placeholder: 'e.g. 310,000' },
  { name: 'price', label: 'Or: purchase price ($)', inputmode: 'decimal' },
  { name: 'down', label: 'Down payment ($)', inputmode: 'decimal' },
  { name: 'start', label: 'Month you bought', type: 'month', placeholder: 'YYYY-MM' },
  { name: 'rate', label: 'Interest rate (%)', inputmode: 'decimal', placeholder: 'e.g. 6.5' },
  { name: 'term', label: 'Loan term (years)', inputmode: 'numeric', placeholder: '30' },
];

function owedInput(spec: (typeof OWED_INPUTS)[number], values: PreferencesValues, errors: PreferencesErrors): SafeHtml {
  const id = `pref-${spec.name}`;
  const error = errors[spec.name] ?? '';
  return html`<div><label for="${id}">${spec.label}</label><input class="input" id="${id}" name="${spec.name}" type="${spec.type ?? 'text'}"${
    spec.inputmode ? html` inputmode="${spec.inputmode}"` : ''
  } autocomplete="off" maxlength="16" value="${values[spec.name] ?? ''}"${spec.placeholder ? html` placeholder="${spec.placeholder}"` : ''}${
    error ? html` aria-invalid="true"` : ''
  } aria-describedby="${id}-error"><p class="field-error" id="${id}-error">${error}</p></div>`;
}

function form(token: string, prefs: HomeUpdatePreferences, opts: PreferencesPageOptions): SafeHtml {
  const values = opts.values ?? {};
  const errors = opts.errors ?? {};
  const frequency = values.frequency ?? prefs.frequency;
  const radio = (value: 'monthly' | 'quarterly', label: string) =>
    html`<label><input type="radio" name="frequency" value="${value}"${frequency === value ? ' checked' : ''}> ${label}</label>`;
  return html`<form class="updates-form equity-form" method="post" action="/home-updates/${token}" novalidate>${
    errors.form && html`<p class="notice" role="alert">${errors.form}</p>`
  }<fieldset class="updates-frequency"><legend>How often</legend>${radio('monthly', 'Monthly')} ${radio('quarterly', 'Quarterly')}${
    errors.frequency && html`<p class="field-error">${errors.frequency}</p>`
  }</fieldset><fieldset><legend>What you owe (optional)</legend><p class="small muted m-0">On file: ${owedWords(
    prefs.owed,
  )}</p><p class="small muted">Give what you owe, or your purchase, to see your equity in each update. Leave these empty to keep what is on file.</p><div class="equity-grid">${OWED_INPUTS.map(
    (spec) => owedInput(spec, values, errors),
  )}</div>${
    prefs.owed &&
    html`<label class="updates-consent"><input type="checkbox" name="forget_owed"${values.forget_owed ? ' checked' : ''}> <span class="small">Forget what I owe</span></label>${
      errors.forget_owed && html`<p class="field-error">${errors.forget_owed}</p>`
    }`
  }</fieldset><button type="submit" class="btn">Save</button></form>`;
}

export function renderPreferencesPage(
  token: string,
  prefs: HomeUpdatePreferences,
  report: ReportModel | null,
  ctx: PageContext,
  opts: PreferencesPageOptions = {},
): string {
  const agent = report?.agent ?? null;
  const brand = brandStyle(agent?.primaryColor ?? null, agent?.secondaryColor ?? null);
  const logo = agent ? safeImageUrl(agent.logoUrl) : null;
  const active = prefs.status === 'active';
  const body = html`<div>${agent ? topBar(logo, agent.brokerage, agent.name) : ''}<main class="page narrow"><div class="report-head"><p class="eyebrow">Home-value updates</p><h1>${
    prefs.address
  }</h1>${agent && html`<p class="muted small m-0">From ${agent.name}${agent.brokerage ? `, ${agent.brokerage}` : ''}</p>`}</div>${
    opts.saved && html`<p class="card saved-note" role="status" data-testid="saved">Saved. Your next update uses these settings.</p>`
  }<section class="card section" aria-labelledby="prefs-h"><h2 id="prefs-h">Your preferences</h2>${
    active ? form(token, prefs, opts) : html`<p class="m-0">You are unsubscribed: you get no more updates at this address.</p>`
  }</section>${
    active &&
    html`<section class="card section" aria-labelledby="stop-h"><h2 id="stop-h">Stop the updates</h2><form method="post" action="/v1/home-updates/unsubscribe/${token}"><button type="submit" class="btn btn-outline">Unsubscribe</button></form></section>`
  }<p class="section"><a href="/r/${prefs.reportId}/history">Your home’s value history</a> · <a href="/r/${prefs.reportId}">Your report</a></p></main></div>`;
  return renderDocument({
    title: 'Your home-value updates',
    description: 'Change how often you get home-value updates, what you owe, or unsubscribe.',
    // same-origin (not no-referrer, which makes the browser send `Origin: null` with the form's own post)
    referrer: 'same-origin',
    robots: 'noindex, nofollow, nocache',
    googlebot: 'noindex, nofollow',
    nonce: ctx.nonce,
    assets: ctx.assets,
    extraCss: `:root{--brand:${brand['--brand']};--brand-ink:${brand['--brand-ink']};--accent:${brand['--accent']}}`,
    script: false,
    body,
  });
}
