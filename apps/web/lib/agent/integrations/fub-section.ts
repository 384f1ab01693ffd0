/** The Follow Up Boss section of /agent/integrations: the agent's key (and, for a brokerage admin, the account's), last 4 only. */
import { html, type SafeHtml } from '@opencma/view';

interface FubKey {
  api_key_last4: string;
  updated_at: string;
}

export interface FubDelivery {
  report_id: string;
  event_type: string;
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  updated_at: string;
}

export interface FubSettingsView {
  own: FubKey | null;
  account: FubKey | null;
  applies: 'own' | 'account' | null;
  recent?: FubDelivery[];
}

const EVENT_LABEL: Record<string, string> = { 'lead.created': 'New lead (Seller Inquiry)', 'report.viewed': 'Report viewed (Viewed Page)' };

function recentList(recent: FubDelivery[]): SafeHtml | string {
  if (!recent.length) return '';
  return html`<h3>Latest deliveries</h3><ul class="plain">${recent.map(
    (d) =>
      html`<li><a href="/agent/leads/${encodeURIComponent(d.report_id)}">${EVENT_LABEL[d.event_type] ?? d.event_type}</a> · <strong>${d.status}</strong>${
        d.attempts > 1 ? ` · ${d.attempts} attempts` : ''
      }${d.last_error ? html`<br><span class="muted small">${d.last_error}</span>` : ''}</li>`,
  )}</ul>`;
}

const shown = (k: FubKey | null) => (k ? html`a key ending in <strong>…${k.api_key_last4}</strong>` : html`no key`);

function keyForm(id: string, label: string, removable: boolean): SafeHtml {
  return html`<form class="stack" id="${id}-form" novalidate data-fub-path="${id === 'fub-account' ? '/v1/agent/account/integrations/fub' : '/v1/agent/integrations/fub'}"><label for="${id}-key">${label}</label><input class="input" id="${id}-key" name="api_key" type="password" autocomplete="off" spellcheck="false" aria-describedby="${id}-key-error"><p class="field-error" id="${id}-key-error" role="alert"></p><div class="actions"><button class="btn" type="submit">Save key</button>${
    removable ? html` <button class="btn btn-outline" type="button" data-fub-remove>Remove key</button>` : ''
  }</div><p class="muted" id="${id}-status" role="status"></p></form>`;
}

export function renderFubSection(v: FubSettingsView, isAccountAdmin: boolean): SafeHtml {
  const applies =
    v.applies === 'own'
      ? html`New leads and report views are sent to Follow Up Boss with your key.`
      : v.applies === 'account'
        ? html`New leads and report views are sent to Follow Up Boss with your brokerage’s key.`
        : html`Nothing is sent to Follow Up Boss: no key is set.`;
  return html`<section class="card stack" id="fub" aria-labelledby="fub-title"><h2 id="fub-title">Follow Up Boss</h2>
<p>Each new lead arrives in Follow Up Boss as a <em>Seller Inquiry</em> (phone, property address, estimate and report link; source “OpenCMA”), and each visit to the report as a <em>Viewed Page</em> event. Find your API key in Follow Up Boss under Admin → API.</p>
<p role="status"><strong>${applies}</strong></p>
<p class="muted small">Your key: ${shown(v.own)}. Brokerage key: ${shown(v.account)}. Keys are never shown again after saving.</p>
${keyForm('fub-own', v.own ? 'Replace your API key' : 'Your Follow Up Boss API key', Boolean(v.own))}
${recentList(v.recent ?? [])}
${isAccountAdmin ? keyForm('fub-account', v.account ? 'Replace the brokerage’s API key (for agents without their own)' : 'Brokerage API key (for agents without their own)', Boolean(v.account)) : ''}</section>`;
}
