/** The lead page's "Deliveries" section: every e-mail, webhook and CRM push about the lead, with its status. */
import { html, type SafeHtml } from '@opencma/view';
import type { LeadDetail } from './api';
import { dateTime } from './format';

type Delivery = LeadDetail['deliveries'][number];

const CHANNEL_WORDS: Record<string, string> = { email: 'E-mail', webhook: 'Webhook', fub: 'Follow Up Boss' };
const EVENT_WORDS: Record<string, string> = {
  'lead.created': 'New lead',
  'report.completed': 'Report ready',
  'report.failed': 'Report failed',
  'report.viewed': 'Report viewed',
  'lead.status_changed': 'Status changed',
  'cma.requested': 'CMA requested',
  'lead.likely_to_sell': 'Likely to sell',
};
const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting',
  sending: 'sending',
  sent: 'sent',
  retrying: 'will retry',
  failed: 'failed',
  unknown: 'unknown (not sent again)',
};

/** An e-mail address shown with its mailbox shortened (the page may be on a shared screen); other destinations as stored. */
function destination(d: Delivery): string {
  if (d.channel !== 'email') return d.destination;
  const [box, domain] = d.destination.split('@');
  return box && domain ? `${box.slice(0, 2)}…@${domain}` : d.destination;
}

function line(d: Delivery): SafeHtml {
  const when =
    d.status === 'retrying' && d.next_attempt_at ? html` · next try ${dateTime(d.next_attempt_at)}` : html` · ${dateTime(d.sent_at ?? d.updated_at)}`;
  return html`<li class="delivery delivery-${d.channel}"><strong>${CHANNEL_WORDS[d.channel] ?? d.channel}</strong> · ${EVENT_WORDS[d.event_type] ?? d.event_type} → <span class="break">${destination(
    d,
  )}</span>: <span class="badge badge-delivery-${d.status}">${STATUS_WORDS[d.status] ?? d.status}</span> <span class="muted small">${d.attempts} ${
    d.attempts === 1 ? 'attempt' : 'attempts'
  }${d.response_status !== null ? ` · ${d.response_status}` : ''}${when}</span>${d.last_error ? html` <span class="error-text">${d.last_error}</span>` : ''}</li>`;
}

export function renderDeliveries(lead: LeadDetail): SafeHtml {
  const body =
    lead.deliveries.length === 0
      ? html`<p class="muted">Nothing sent about this lead by e-mail, webhook or CRM yet.</p>`
      : html`<ul class="plain" id="deliveries">${lead.deliveries.map(line)}</ul>`;
  return html`<section class="card"><h2>Deliveries</h2>${body}</section>`;
}
