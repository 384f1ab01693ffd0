import type { ReportModel, Valuation } from '@opencma/core';
import { date, html, money, phone, type ReportStory, type SafeHtml } from '@opencma/view';

function rangeBar(low: number, value: number, high: number): SafeHtml {
  const span = high - low;
  const pos = (x: number) => (span > 0 ? 12 + ((x - low) / span) * 76 : 50);
  return html`<div class="rangebar" aria-hidden="true">
  <div class="track"></div>
  <div class="band" style="left:12%;width:76%"></div>
  <div class="dot" style="left:${pos(value).toFixed(1)}%"></div>
  <div class="lbl" style="left:12%">${money(low)}</div>
  <div class="lbl" style="left:88%">${money(high)}</div>
</div>`;
}

/** How the estimate adds up: the account's sentence and its table (the page's, decision 0025). */
function howWeGotIt(story: ReportStory, value: number): SafeHtml | null {
  if (!story.accountSummary || story.accountRows.length === 0) return null;
  return html`<div class="how"><strong>How the estimate adds up</strong><p>${story.accountSummary}</p><table class="account">
  <thead><tr><th>Part</th><th class="num">Suggests</th><th class="num">Share</th></tr></thead>
  <tbody>${story.accountRows.map((r) => html`<tr><td>${r.label}</td><td class="num">${money(r.value)}</td><td class="num">${r.percent}%</td></tr>`)}</tbody>
  <tfoot><tr><th>Estimate</th><td class="num"><strong>${money(value)}</strong></td><td class="num"><strong>100%</strong></td></tr></tfoot>
</table><p class="muted">${story.accountNote}${story.basis ? ` ${story.basis}` : ''}</p></div>`;
}

function noEstimate(model: ReportModel, v: Valuation | null, story: ReportStory): SafeHtml {
  const reason =
    v?.flagReason ??
    model.failureReason ??
    (model.status === 'completed' ? 'There were not enough comparable sales to calculate a reliable value.' : 'The report is still being prepared.');
  const agent = model.agent;
  return html`<section data-section="estimate"><h2>Estimated value</h2><div class="noest">
  <div class="t">No estimate for this home</div>
  <p>${reason}</p>
  <p class="muted">The comparable sales and market statistics below still show what similar homes nearby have sold for. ${agent.name} has your request and will follow up with a personal valuation${
    agent.phone && ` (call or text ${phone(agent.phone)})`
  }.</p>
</div>${story.basis && html`<p class="muted">${story.basis}</p>`}</section>`;
}

/** The estimate with its range and what the confidence means, or why there is none. */
export function estimateSection(model: ReportModel, story: ReportStory): SafeHtml {
  const v = model.valuation;
  const e = v?.estimate ?? null;
  if (!v || !e) return noEstimate(model, v, story);
  const tier = v.confidence;
  const conf = story.confidence;
  return html`<section data-section="estimate"><h2>Estimated value</h2><div class="estimate">
  <div>
    <div class="est-label">Estimated market value</div>
    <div class="est-value">${money(e.value)}</div>
    <div class="est-range">${money(e.low)} – ${money(e.high)}</div>
    ${tier && conf && html`<span class="badge ${tier}">${conf.label}</span>`}
    ${rangeBar(e.low, e.value, e.high)}
  </div>
  <div class="meaning">
    <p>We estimate this home would sell for about <strong>${money(e.value)}</strong> as of ${date(v.valuationDate)}.</p>
    <p>${story.range}</p>
    ${conf && html`<p><strong>${conf.label}:</strong> ${conf.meaning}</p>`}
  </div>
</div>
${v.flagged && v.flagReason && html`<div class="flag"><strong>Please note:</strong> ${v.flagReason}</div>`}
${howWeGotIt(story, e.value)}</section>`;
}
