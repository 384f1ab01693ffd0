/** /agent/leads/{id}: call/text the homeowner, the report link, the timeline, the consent record, both texts, notes and the pipeline status. */
import { failureWords, money, phone } from '@opencma/view';
import { html, type SafeHtml } from '@opencma/view';
import type { PageContext } from '../page/document';
import { LEAD_STATUSES, type AgentSession, type LeadDetail } from './api';
import { ago, dateTime, duration, LEAD_STATUS_WORDS, REPORT_STATUS_WORDS } from './format';
import { renderAgentPage } from './layout';
import { renderDeliveries } from './lead-deliveries';
import { type TimedLine, updatesSummary, updateTimelineLines } from './lead-updates';

type LeadEvent = LeadDetail['events'][number];

const EVENT_WORDS: Record<string, string> = {
  view: 'Opened the report',
  section_view: 'Looked at',
  pdf_download: 'Downloaded the PDF',
  share: 'Shared the report',
  contact_tap: 'Tapped to contact you',
  'cma.requested': 'Asked you for an exact price (personal CMA or visit)',
  net_proceeds: 'Worked out what a sale would leave them (equity calculator)',
};

function eventLine(e: LeadEvent): SafeHtml {
  const what = EVENT_WORDS[e.type] ?? e.type;
  const detail = e.detail ?? {};
  const extra =
    e.type === 'section_view' && detail.section
      ? ` ${String(detail.section)}`
      : e.type === 'share' && detail.channel
        ? ` (${String(detail.channel)})`
        : e.type === 'contact_tap' && detail.channel
          ? ` (${String(detail.channel)})`
          : '';
  const device = [e.device_type, e.browser, e.os].filter(Boolean).join(' · ');
  return html`<li class="event event-${e.type}"><time datetime="${e.at}">${dateTime(e.at)}</time><span>${what}${extra}${
    e.duration_ms ? ` · ${duration(e.duration_ms)}` : ''
  }</span>${device ? html`<span class="muted small">${device}</span>` : ''}</li>`;
}

/** The report's events and the value updates' delivery, opens and clicks (decision 0036), oldest first. */
export function renderTimeline(lead: LeadDetail): SafeHtml {
  const lines: TimedLine[] = [
    {
      at: lead.created_at,
      line: html`<li class="event"><time datetime="${lead.created_at}">${dateTime(lead.created_at)}</time><span>Asked for a home value report</span></li>`,
    },
    ...lead.events.map((e) => ({ at: e.at, line: eventLine(e) })),
    ...updateTimelineLines(lead.updates),
  ];
  lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return html`<ol class="timeline" id="timeline" data-count="${String(lines.length - 1)}">${lines.map((l) => l.line)}</ol>`;
}

const TEXT_WORDS: Record<string, string> = { consumer: 'Report link to the homeowner', agent: 'Lead alert to you' };

/** A lead alert past the hourly cap went (or goes) out in the hour's digest text (decision 0024). */
function digestNote(t: LeadDetail['texts'][number]): SafeHtml | string {
  if (t.status === 'in_digest') return html` <span class="muted small">in this hour's digest text, sent when the hour ends</span>`;
  if (t.status !== 'digested') return '';
  if (!t.digest) return html` <span class="muted small">in an hourly digest text</span>`;
  return html` <span class="muted small">in an hourly digest text: ${t.digest.status}${t.digest.sent_at ? html` ${dateTime(t.digest.sent_at)}` : ''}</span>`;
}

function texts(lead: LeadDetail): SafeHtml {
  if (lead.texts.length === 0) return html`<p class="muted">No texts yet (they go out when the report is ready).</p>`;
  return html`<ul class="plain">${lead.texts.map(
    (t) =>
      html`<li><strong>${TEXT_WORDS[t.recipient_role] ?? t.recipient_role}</strong>: <span class="badge badge-sms-${t.status}">${t.status}</span>${
        t.error_code || t.error_message ? html` <span class="error-text">${[t.error_code, t.error_message].filter(Boolean).join(' — ')}</span>` : ''
      }${digestNote(t)} <span class="muted small">${dateTime(t.sent_at ?? t.created_at)}</span></li>`,
  )}</ul>`;
}

function notes(lead: LeadDetail): SafeHtml {
  return html`<form id="note-form" class="stack" novalidate><label for="note">Add a note</label><textarea class="input" id="note" name="body" rows="3" maxlength="4000" aria-describedby="note-error"></textarea><p class="field-error" id="note-error" role="alert"></p><button class="btn btn-small" type="submit">Save note</button></form><ul class="plain notes" id="notes">${lead.notes.map(
    (n) => html`<li><p class="note-body">${n.body}</p><p class="muted small">${n.author_name} · ${dateTime(n.created_at)}</p></li>`,
  )}</ul>`;
}

function statusForm(lead: LeadDetail): SafeHtml {
  return html`<form id="status-form" class="inline-form" novalidate><label for="lead-status">Pipeline status</label><select class="input" id="lead-status" name="lead_status">${LEAD_STATUSES.map(
    (s) => html`<option value="${s}"${lead.lead_status === s ? html` selected` : ''}>${LEAD_STATUS_WORDS[s] ?? s}</option>`,
  )}</select><p class="field-error" id="status-error" role="alert"></p><p class="muted small" id="status-saved" role="status"></p></form>`;
}

/** The report as the agent opens it: marked, so the page records nothing (the agent's looks are not the homeowner's engagement). */
export function agentReportLink(reportUrl: string): string {
  return `${reportUrl}${reportUrl.includes('?') ? '&' : '?'}via=agent`;
}

/** What the agent must do: a personal valuation, a failed report explained, an exact price asked for. */
function attention(lead: LeadDetail): SafeHtml {
  const failed = lead.status === 'failed' ? failureWords(lead.failure_code, lead.property_address, '') : null;
  const lines = [
    lead.needs_personal_valuation && lead.status !== 'failed' ? 'Needs a personal valuation: the homeowner’s address could not be located.' : null,
    failed?.forAgent ?? null,
    lead.activity.cma_requested_at ? `Asked you for an exact price ${dateTime(lead.activity.cma_requested_at)}.` : null,
  ].filter((l): l is string => !!l);
  return lines.length ? html`<div class="attention" role="note">${lines.map((l) => html`<p>${l}</p>`)}</div>` : html``;
}

export function renderLeadPage(ctx: PageContext, session: AgentSession, lead: LeadDetail, now: Date): string {
  const a = lead.activity;
  const tel = lead.consumer_phone;
  return renderAgentPage(ctx, {
    title: lead.property_address,
    page: 'lead',
    session,
    body: html`<p><a href="/agent">← All leads</a></p><div class="card lead-card" data-lead="${lead.id}"><h1 class="lead-title">${lead.property_address}${
      lead.hot ? html` <span class="badge badge-hot">Hot</span>` : ''
    }${
      lead.likely_to_sell_at
        ? html` <span class="badge badge-likely" data-testid="likely-to-sell" title="Since ${dateTime(lead.likely_to_sell_at)}">Likely to sell</span>`
        : ''
    }</h1><p class="muted">${ago(lead.created_at, now)} · <span class="badge badge-${lead.status}">${REPORT_STATUS_WORDS[lead.status] ?? lead.status}</span>${
      lead.estimate
        ? html` · Estimate <strong>${money(lead.estimate.value)}</strong>${lead.estimate.low !== null ? ` (${money(lead.estimate.low)}–${money(lead.estimate.high)})` : ''}`
        : ''
    }</p>${attention(lead)}<p class="phone-line"><span class="phone-number">${phone(tel)}</span></p><p class="actions"><a class="btn" href="tel:${tel}">Call</a><a class="btn btn-outline" href="sms:${tel}">Text</a><a class="btn btn-outline" href="${agentReportLink(lead.report_url)}" target="_blank" rel="noopener">Open report</a></p>${statusForm(
      lead,
    )}</div>
<section class="card"><h2>Engagement</h2><p>${a.views} views · ${a.sessions} visits · last seen ${ago(a.last_viewed_at, now)} · longest visit ${duration(a.max_duration_ms)} · PDF ${a.pdf_downloads} · shares ${a.shares} · contact taps ${a.contact_taps}</p>${
      a.sections_viewed.length ? html`<p class="muted small">Sections seen: ${a.sections_viewed.join(', ')}</p>` : ''
    }${lead.updates.length ? html`<p data-testid="updates-summary">${updatesSummary(lead.updates)}</p>` : ''}<h3>Timeline</h3>${renderTimeline(lead)}</section>
<section class="card"><h2>Notes</h2>${notes(lead)}</section>
<section class="card"><h2>Texts</h2>${texts(lead)}</section>
${renderDeliveries(lead)}
<section class="card"><h2>Consent</h2><p class="small">Agreed ${dateTime(lead.consent.at)}${lead.consent.ip ? ` from ${lead.consent.ip}` : ''}${
      lead.consent.page_url ? html` on <span class="break">${lead.consent.page_url}</span>` : ''
    }</p><blockquote class="consent-text">${lead.consent.text}</blockquote><p class="muted small break">SHA-256 ${lead.consent.text_sha256}${
      lead.consent.user_agent ? html` · ${lead.consent.user_agent}` : ''
    }</p></section>`,
  });
}
