/** /agent: the leads inbox, newest first, mobile first; search, filter, paging, CSV; the script adds new leads as they come. */
import { money, phone } from '@opencma/view';
import { html, type SafeHtml } from '@opencma/view';
import type { PageContext } from '../page/document';
import { LEAD_STATUSES, type AgentSession, type LeadPage, type LeadSummary } from './api';
import { ago, duration, LEAD_STATUS_WORDS, REPORT_STATUS_WORDS } from './format';
import { renderAgentPage } from './layout';

export interface InboxQuery {
  q: string;
  status: string;
  page: number;
  scope: 'mine' | 'account';
}

/** The inbox query from the page's URL; anything unknown is dropped (the API checks again). */
export function inboxQuery(url: URL): InboxQuery {
  const status = url.searchParams.get('status') ?? '';
  const page = Number(url.searchParams.get('page') ?? '1');
  return {
    q: (url.searchParams.get('q') ?? '').slice(0, 200),
    status: (LEAD_STATUSES as readonly string[]).includes(status) ? status : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    scope: url.searchParams.get('scope') === 'account' ? 'account' : 'mine',
  };
}

/** The API query string of an inbox query. */
export function apiQuery(q: InboxQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.status) p.set('status', q.status);
  if (q.scope === 'account') p.set('scope', 'account');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

function engagement(l: LeadSummary, now: Date): SafeHtml {
  const a = l.activity;
  if (a.views === 0 && a.sessions === 0) return html`<p class="lead-engagement muted">Not opened yet</p>`;
  const bits = [
    `${a.views} view${a.views === 1 ? '' : 's'}`,
    `${a.sessions} visit${a.sessions === 1 ? '' : 's'}`,
    `last seen ${ago(a.last_viewed_at, now)}`,
    a.max_duration_ms ? `${duration(a.max_duration_ms)} on page` : null,
    a.pdf_downloads ? `PDF ${a.pdf_downloads}` : null,
    a.shares ? `shared ${a.shares}` : null,
    a.contact_taps ? `contact taps ${a.contact_taps}` : null,
  ].filter(Boolean) as string[];
  return html`<p class="lead-engagement">${bits.join(' · ')}</p>`;
}

export function renderLeadRow(l: LeadSummary, now: Date, showAgent: boolean): SafeHtml {
  return html`<li class="lead${l.hot ? ' lead-hot' : ''}" data-created="${l.created_at}"><a class="lead-link" href="/agent/leads/${l.id}"><span class="lead-top"><strong class="lead-address">${
    l.property_address
  }</strong>${l.hot ? html`<span class="badge badge-hot">Hot</span>` : ''}${
    l.likely_to_sell_at ? html`<span class="badge badge-likely" data-testid="likely-to-sell">Likely to sell</span>` : ''
  }</span><span class="lead-meta">${ago(l.created_at, now)} · ${phone(l.consumer_phone)}${
    showAgent ? html` · ${l.agent_name}` : ''
  }</span><span class="lead-badges"><span class="badge badge-${l.status}">${REPORT_STATUS_WORDS[l.status] ?? l.status}</span><span class="badge">${
    LEAD_STATUS_WORDS[l.lead_status] ?? l.lead_status
  }</span>${l.needs_personal_valuation ? html`<span class="badge badge-attention">Needs a personal valuation</span>` : ''}${
    l.activity.cma_requested_at ? html`<span class="badge badge-attention">Asked for an exact price</span>` : ''
  }${l.estimate ? html`<span class="lead-estimate">${money(l.estimate.value)}</span>` : ''}</span>${engagement(l, now)}</a></li>`;
}

export function renderLeadRows(leads: LeadSummary[], now: Date, showAgent: boolean): SafeHtml {
  return html`${leads.map((l) => renderLeadRow(l, now, showAgent))}`;
}

function filters(q: InboxQuery, admin: boolean): SafeHtml {
  const option = (value: string, label: string) => html`<option value="${value}"${q.status === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/agent" role="search"><label class="sr-only" for="q">Search address or phone</label><input class="input" id="q" name="q" type="search" placeholder="Search address or phone" value="${
    q.q
  }"><label class="sr-only" for="status">Status</label><select class="input" id="status" name="status">${option('', 'All statuses')}${LEAD_STATUSES.map(
    (s) => option(s, LEAD_STATUS_WORDS[s] ?? s),
  )}</select>${admin ? html`<input type="hidden" name="scope" value="${q.scope}">` : ''}<button class="btn btn-small" type="submit">Filter</button></form>`;
}

function pager(q: InboxQuery, page: LeadPage): SafeHtml {
  const pages = Math.max(1, Math.ceil(page.total / page.page_size));
  if (pages === 1) return html``;
  const link = (n: number, label: string, rel: string) =>
    html`<a class="btn btn-outline btn-small" rel="${rel}" href="/agent?${apiQuery(q, { page: String(n) })}">${label}</a>`;
  return html`<nav class="pager" aria-label="Pages">${q.page > 1 ? link(q.page - 1, 'Newer', 'prev') : ''}<span class="muted">Page ${q.page} of ${pages}</span>${
    q.page < pages ? link(q.page + 1, 'Older', 'next') : ''
  }</nav>`;
}

export function renderInboxPage(ctx: PageContext, session: AgentSession, q: InboxQuery, page: LeadPage, now: Date): string {
  const admin = session.agent.role === 'account_admin';
  const live = q.page === 1 && !q.q && !q.status;
  const showAgent = q.scope === 'account';
  const scopeLinks = admin
    ? html`<p class="scope-links">${q.scope === 'account' ? html`<a href="/agent">My leads</a> · <strong>Whole brokerage</strong>` : html`<strong>My leads</strong> · <a href="/agent?scope=account">Whole brokerage</a>`}</p>`
    : '';
  return renderAgentPage(ctx, {
    title: 'Leads',
    page: 'inbox',
    session,
    body: html`<div class="inbox-head"><h1>Leads <span class="muted count">${page.total}</span></h1><a class="btn btn-outline btn-small" href="/v1/agent/leads.csv?${apiQuery(q)}" download>Export CSV</a></div>${scopeLinks}${filters(
      q,
      admin,
    )}<p id="new-leads" class="sr-only" role="status" aria-live="polite"></p>${
      page.leads.length === 0
        ? html`<p class="card empty">${q.q || q.status ? 'No leads match.' : html`No leads yet. Share your page: <a href="${session.agent.landing_page_url}">${session.agent.landing_page_url}</a>`}</p>`
        : ''
    }<ol class="leads" id="leads"${live ? html` data-live="${apiQuery(q)}"` : ''}>${renderLeadRows(page.leads, now, showAgent)}</ol>${pager(q, page)}`,
  });
}
