/**
 * The webhook endpoints section of /agent/integrations: register an endpoint (the signing secret is
 * shown once, by the script, from the API's answer), and for each endpoint its events, a test event,
 * enable/disable, delete and its recent deliveries. All text is escaped by `html`.
 */
import { html, type SafeHtml } from '@opencma/view';
import type { AgentSession } from '../api';
import { ago } from '../format';

export interface WebhookEndpointView {
  id: string;
  owner: 'agent' | 'account';
  url: string;
  event_types: string[];
  enabled: boolean;
  description: string | null;
  created_at: string;
}

export interface WebhookDeliveryView {
  id: string;
  report_id: string;
  event_type: string;
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface WebhooksSectionData {
  endpoints: WebhookEndpointView[];
  event_types: string[];
  /** Recent deliveries by endpoint id. */
  deliveries: Record<string, WebhookDeliveryView[]>;
}

const minutesUntil = (iso: string, now: Date) => Math.max(0, Math.ceil((new Date(iso).getTime() - now.getTime()) / 60_000));

const STATUS_BADGE: Record<string, string> = { sent: 'badge-completed', failed: 'badge-failed', unknown: 'badge-failed' };

function deliveryRow(d: WebhookDeliveryView, now: Date): SafeHtml {
  const answer = d.response_status ? `HTTP ${d.response_status}` : '';
  const detail = d.status === 'sent' ? answer : [answer, d.last_error].filter(Boolean).join(' · ');
  const next = d.status === 'retrying' && d.next_attempt_at ? html` · next try in ${String(minutesUntil(d.next_attempt_at, now))} min` : '';
  return html`<li><span class="badge ${STATUS_BADGE[d.status] ?? ''}">${d.status}</span> <strong>${d.event_type}</strong> · <a href="/agent/leads/${d.report_id}">lead</a> · ${
    d.attempts
  } attempt${d.attempts === 1 ? '' : 's'} · ${ago(d.created_at, now)}${detail ? html`<br><span class="muted small break">${detail}</span>` : ''}${next}</li>`;
}

function endpointCard(e: WebhookEndpointView, deliveries: WebhookDeliveryView[], now: Date): SafeHtml {
  return html`<li class="card stack" data-endpoint="${e.id}"><p class="break"><strong>${e.url}</strong>${
    e.owner === 'account' ? html` <span class="badge">brokerage</span>` : ''
  } <span class="badge ${e.enabled ? 'badge-completed' : ''}">${e.enabled ? 'on' : 'off'}</span></p>${e.description ? html`<p class="muted small">${e.description}</p>` : ''}<p class="muted small">Events: ${e.event_types.join(', ')}</p><div class="row"><button class="btn btn-small" type="button" data-webhook-action="test">Send a test event</button><button class="btn btn-outline btn-small" type="button" data-webhook-action="${
    e.enabled ? 'disable' : 'enable'
  }">${e.enabled ? 'Turn off' : 'Turn on'}</button><button class="btn btn-outline btn-small" type="button" data-webhook-action="delete">Delete</button></div><p class="muted small" role="status" data-webhook-status></p><h3>Recent deliveries</h3>${
    deliveries.length ? html`<ul class="plain stack">${deliveries.map((d) => deliveryRow(d, now))}</ul>` : html`<p class="muted small">None yet.</p>`
  }</li>`;
}

export function renderWebhooksSection(session: AgentSession, data: WebhooksSectionData, now: Date): SafeHtml {
  const admin = session.agent.role === 'account_admin' && session.agent.account;
  const events = data.event_types.map((t) => html`<label class="row"><input type="checkbox" name="event_types" value="${t}" checked> ${t}</label>`);
  return html`<section class="card stack" id="webhooks" aria-labelledby="webhooks-title"><h2 id="webhooks-title">Webhooks</h2><p class="muted small">Each lead event is POSTed as JSON to your endpoint, signed per <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> (headers webhook-id, webhook-timestamp, webhook-signature; verify with your endpoint's secret). Failed deliveries are retried for up to a day. Endpoints must be https on a public address.</p>
<form class="stack" id="webhook-form" novalidate><div class="stack"><label for="webhook_url">Endpoint URL</label><input class="input" id="webhook_url" name="webhook_url" type="url" placeholder="https://…" aria-describedby="webhook_url-error"><p class="field-error" id="webhook_url-error" role="alert"></p></div><fieldset class="stack"><legend>Events</legend>${events}<p class="field-error" id="webhook_events-error" role="alert"></p></fieldset>${
    admin
      ? html`<div class="stack"><label for="webhook_owner">For</label><select class="input" id="webhook_owner" name="webhook_owner"><option value="agent">My leads</option><option value="account">Every lead of ${session.agent.account!.name}</option></select></div>`
      : ''
  }<button class="btn" type="submit">Add endpoint</button><p class="muted" id="webhook-saved" role="status"></p></form>
<div class="stack" id="webhook-secret" hidden><p><strong>Signing secret — copy it now, it is not shown again:</strong></p><p><code class="break" id="webhook-secret-value"></code></p><button class="btn btn-small" type="button" id="webhook-secret-done">I have stored it</button></div>
${data.endpoints.length ? html`<ul class="plain stack" id="webhook-endpoints">${data.endpoints.map((e) => endpointCard(e, data.deliveries[e.id] ?? [], now))}</ul>` : html`<p class="muted" id="webhook-endpoints">No endpoints yet.</p>`}</section>`;
}
