import type { ConfidenceTier, ReportAgent, Valuation } from '@opencma/core';
import { coverageWords, date, html, mailHref, money, phoneHref, type SafeHtml } from '@opencma/view';
import { percentClass } from '../page/percent-classes';

export const CONFIDENCE: Record<ConfidenceTier, { label: string; meaning: string }> = {
  high: {
    label: 'High confidence',
    meaning: 'Plenty of similar homes have sold nearby recently, and their prices agree closely.',
  },
  medium: {
    label: 'Medium confidence',
    meaning: 'There are good comparable sales, but they differ more from each other, so the range is wider.',
  },
  low: {
    label: 'Low confidence',
    meaning: 'Few similar homes have sold nearby recently. Treat this as a starting point; a visit can refine it.',
  },
};

/** Where the estimate sits in its range, as a percentage of the bar (the middle when the range is empty). */
export function markerPercent(est: { value: number; low: number; high: number }): number {
  return est.high > est.low ? Math.min(100, Math.max(0, ((est.value - est.low) / (est.high - est.low)) * 100)) : 50;
}

/** The agent's follow-up offered when there is no estimate: their direct contact buttons. */
function followUp(agent: ReportAgent): SafeHtml | null {
  const links = [
    { href: phoneHref('tel', agent.phone), label: 'Call', channel: 'call' },
    { href: phoneHref('sms', agent.phone), label: 'Text', channel: 'text' },
    { href: mailHref(agent.email), label: 'Email', channel: 'email' },
  ].filter((l): l is { href: string; label: string; channel: string } => !!l.href);
  if (!links.length) return null;
  const first = agent.name.split(/\s+/)[0];
  return html`<div class="contact mt-md">${links.map(
    (l) =>
      html`<a class="btn" href="${l.href}" data-track="contact_tap" data-channel="${l.channel}" aria-label="${l.label} ${agent.name}">${l.label} ${first}</a>`,
  )}</div>`;
}

/** The estimate, its range and what the confidence means; or why there is none and who follows up. */
export function estimateSection(valuation: Valuation | null, agent: ReportAgent): SafeHtml {
  const est = valuation?.estimate ?? null;
  const tier = valuation?.confidence ?? null;
  const conf = tier ? CONFIDENCE[tier] : null;
  const n = valuation?.comps.length ?? 0;
  return html`<section class="card section estimate-card" aria-labelledby="estimate-h" data-section="estimate"><h2 id="estimate-h">Estimated value</h2>${
    est
      ? html`<p class="estimate-value" data-testid="estimate-value">${money(est.value)}</p><p class="muted small mt-tight">Estimated market value as of ${date(
          valuation?.valuationDate,
        )}</p><p>Likely range <strong>${money(est.low)} – ${money(est.high)}</strong></p><div class="range-bar" aria-hidden="true"><span class="marker ${percentClass(
          'at',
          markerPercent(est),
        )}"></span></div><div class="range-labels" aria-hidden="true"><span><small>Low</small>${money(est.low)}</span><span><small>High</small>${money(
          est.high,
        )}</span></div><p class="mt-lg">We expect ${coverageWords(est.coverage)} homes like this to sell within this range.</p>${
          conf && tier && html`<p><span class="badge badge-${tier}">${conf.label}</span> <span>${conf.meaning}</span></p>`
        }${valuation?.flagged && valuation.flagReason && html`<p class="notice">${valuation.flagReason}</p>`}`
      : html`<div class="notice"><p><strong>We couldn’t calculate a reliable estimate for this home.</strong></p>${
          valuation?.flagReason && html`<p>${valuation.flagReason}</p>`
        }<p class="mb-0">${agent.name} has your request and will follow up with a personal valuation. The nearby sales and market figures below still give a good picture of local prices.</p>${followUp(
          agent,
        )}</div>`
  }${
    valuation &&
    n > 0 &&
    html`<p class="small muted mt-md mb-0">Based on ${n} comparable sale${n === 1 ? '' : 's'}${
      valuation.searchStep ? ` (${valuation.searchStep})` : ''
    }.</p>`
  }</section>`;
}
