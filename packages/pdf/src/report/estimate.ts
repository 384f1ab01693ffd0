import type { ConfidenceTier, ReportModel, Valuation } from '@opencma/core';
import { date, html, money, phone, type SafeHtml } from '@opencma/view';

const CONFIDENCE_WORDS: Record<ConfidenceTier, string> = {
  high: 'Several very similar homes sold nearby recently, and their adjusted prices agree closely.',
  medium: 'The comparable sales are reasonably similar, but they differ more from this home or from each other.',
  low: 'Few close matches sold recently, so treat this as a rough guide; an in-person valuation will be more precise.',
};

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

function howWeGotIt(v: Valuation): SafeHtml | null {
  const items = [v.searchStep ? `Comparable sales: ${v.searchStep}.` : '', ...v.notes].filter(Boolean);
  if (!items.length) return null;
  return html`<div class="how"><strong>How we got this number</strong><ul>${items.map((n) => html`<li>${n}</li>`)}</ul></div>`;
}

function noEstimate(model: ReportModel, v: Valuation | null): SafeHtml {
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
</div>${v && howWeGotIt(v)}</section>`;
}

/** The estimate with its range and what the confidence means, or why there is none. */
export function estimateSection(model: ReportModel): SafeHtml {
  const v = model.valuation;
  const e = v?.estimate ?? null;
  if (!v || !e) return noEstimate(model, v);
  const coverage = Math.round(e.coverage * 100);
  const n = v.comps.length;
  const tier = v.confidence;
  return html`<section data-section="estimate"><h2>Estimated value</h2><div class="estimate">
  <div>
    <div class="est-label">Estimated market value</div>
    <div class="est-value">${money(e.value)}</div>
    <div class="est-range">${money(e.low)} – ${money(e.high)}</div>
    ${tier && html`<span class="badge ${tier}">${tier} confidence</span>`}
    ${rangeBar(e.low, e.value, e.high)}
  </div>
  <div class="meaning">
    <p>Based on ${n} recent sale${n === 1 ? '' : 's'} of similar homes nearby, adjusted for their differences from this home, we estimate it would sell for about <strong>${money(
      e.value,
    )}</strong> as of ${date(v.valuationDate)}.</p>
    <p>In our tests on past sales, about ${coverage}% of homes sold within a range like <strong>${money(e.low)} – ${money(e.high)}</strong>.</p>
    ${tier && html`<p><strong>${tier[0]!.toUpperCase() + tier.slice(1)} confidence:</strong> ${CONFIDENCE_WORDS[tier]}</p>`}
  </div>
</div>
${v.flagged && v.flagReason && html`<div class="flag"><strong>Please note:</strong> ${v.flagReason}</div>`}
${howWeGotIt(v)}</section>`;
}
