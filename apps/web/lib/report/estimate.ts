import type { ReportAgent, Valuation } from '@opencma/core';
import { date, html, mailHref, money, phoneHref, type ReportStory, type SafeHtml } from '@opencma/view';
import { percentClass } from '../page/percent-classes';

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

/** How the estimate adds up: the core's account (decision 0025) as a sentence and a table whose shares sum to 100%. */
function account(story: ReportStory, value: number): SafeHtml | null {
  if (!story.accountSummary || story.accountRows.length === 0) return null;
  return html`<div class="account mt-md" data-testid="account"><h3>How the estimate adds up</h3><p>${story.accountSummary}</p><details><summary>All ${
    story.accountRows.length
  } parts and their shares</summary><table class="account-table"><thead><tr><th scope="col">Part</th><th scope="col" class="num">Suggests</th><th scope="col" class="num">Share</th></tr></thead><tbody>${story.accountRows.map(
    (r) =>
      html`<tr data-testid="account-row"><td>${r.label}</td><td class="num">${money(r.value)}</td><td class="num" data-share="${r.percent}">${r.percent}%</td></tr>`,
  )}</tbody><tfoot><tr><th scope="row">Estimate</th><td class="num">${money(value)}</td><td class="num">100%</td></tr></tfoot></table><p class="small muted">${
    story.accountNote
  }</p></details></div>`;
}

/** The estimate, its range and what the confidence means; or why there is none and who follows up. */
export function estimateSection(valuation: Valuation | null, agent: ReportAgent, story: ReportStory): SafeHtml {
  const est = valuation?.estimate ?? null;
  const tier = valuation?.confidence ?? null;
  const conf = story.confidence;
  return html`<section class="card section estimate-card" aria-labelledby="estimate-h" data-section="estimate"><h2 id="estimate-h">Estimated value</h2>${
    est
      ? html`<p class="estimate-value" data-testid="estimate-value">${money(est.value)}</p><p class="muted small mt-tight">Estimated market value as of ${date(
          valuation?.valuationDate,
        )}</p><p>Likely range <strong>${money(est.low)} – ${money(est.high)}</strong></p><div class="range-bar" aria-hidden="true"><span class="marker ${percentClass(
          'at',
          markerPercent(est),
        )}"></span></div><div class="range-labels" aria-hidden="true"><span><small>Low</small>${money(est.low)}</span><span><small>High</small>${money(
          est.high,
        )}</span></div><p class="mt-lg" data-testid="range-sentence">${story.range}</p>${
          conf && tier && html`<p><span class="badge badge-${tier}">${conf.label}</span> <span>${conf.meaning}</span></p>`
        }${valuation?.flagged && valuation.flagReason && html`<p class="notice">${valuation.flagReason}</p>`}${account(story, est.value)}`
      : html`<div class="notice"><p><strong>We couldn’t calculate a reliable estimate for this home.</strong></p>${
          valuation?.flagReason && html`<p>${valuation.flagReason}</p>`
        }<p class="mb-0">${agent.name} has your request and will follow up with a personal valuation. The nearby sales and market figures below still give a good picture of local prices.</p>${followUp(
          agent,
        )}</div>`
  }${story.basis && html`<p class="small muted mt-md mb-0">${story.basis}</p>`}</section>`;
}
