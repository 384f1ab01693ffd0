/**
 * The home's value history /r/{id}/history (issue #19): every valuation of the home with its date —
 * the first report and each sent value update — and the newest one's numbers, linked from every
 * update e-mail. One server-rendered document in the report's look (its stylesheet, brand colours,
 * top bar, agent card and compliance line), no script. The same capability as the report (its id),
 * private like it; it shows nothing the report does not (no phone of the homeowner, no e-mail).
 */
import type { ReportModel } from '@opencma/core';
import { brandStyle, complianceLine, date, html, money, type SafeHtml, safeImageUrl, signedMoney } from '@opencma/view';
import { renderDocument, type PageContext } from '../page/document';
import { topBar } from '../page/top-bar';
import { agentCard } from './agent-card';

export interface HistoryEntry {
  kind: 'report' | 'update';
  /** YYYY-MM-DD the home was valued as of. */
  date: string;
  estimate: { value: number; low: number; high: number } | null;
  /** Since the previous entry with an estimate, dollars. */
  change: number | null;
}

export interface ReportHistory {
  reportId: string;
  entries: HistoryEntry[];
}

const kindLabel = (e: HistoryEntry) => (e.kind === 'report' ? 'First report' : 'Value update');

function latest(entries: HistoryEntry[]): SafeHtml {
  const withEstimate = entries.filter((e) => e.estimate);
  const newest = withEstimate.at(-1);
  const first = withEstimate[0];
  if (!newest?.estimate) {
    return html`<section class="card section" aria-labelledby="latest-h" data-section="latest"><h2 id="latest-h">Latest estimate</h2><p class="m-0">There were not enough recent sales nearby for an estimate.</p></section>`;
  }
  const sinceFirst = first && first !== newest && first.estimate ? newest.estimate.value - first.estimate.value : null;
  return html`<section class="card section estimate-card" aria-labelledby="latest-h" data-section="latest"><h2 id="latest-h">Latest estimate</h2><p class="estimate-value" data-testid="latest-value">${money(
    newest.estimate.value,
  )}</p><p class="m-0">Likely range ${money(newest.estimate.low)} – ${money(newest.estimate.high)}</p><p class="muted small m-t-sm">${kindLabel(newest)}, valued as of ${date(
    newest.date,
  )}${sinceFirst !== null ? html` · ${signedMoney(sinceFirst)} since your first report` : ''}</p></section>`;
}

function table(entries: HistoryEntry[]): SafeHtml {
  // in date order, from the first report (the newest one's numbers are in the card above)
  const rows = entries;
  return html`<section class="card section" aria-labelledby="history-h" data-section="history"><h2 id="history-h">Every valuation</h2><table class="history-table" data-testid="history"><caption class="sr-only">Every valuation of your home, oldest first</caption><thead><tr><th scope="col">Date</th><th scope="col" class="num">Estimate</th><th scope="col" class="num">Change</th></tr></thead><tbody>${rows.map(
    (e) =>
      html`<tr data-kind="${e.kind}" data-date="${e.date}"><th scope="row">${date(e.date)}<span class="muted small">${kindLabel(e)}</span></th><td class="num">${
        e.estimate
          ? html`${money(e.estimate.value)}<span class="muted small">${money(e.estimate.low)} – ${money(e.estimate.high)}</span>`
          : 'No estimate'
      }</td><td class="num">${e.change === null ? '—' : signedMoney(e.change)}</td></tr>`,
  )}</tbody></table><p class="muted small m-t-sm">Each update values your home again with the sales that closed since, the same way as your first report. The range is where the price would likely fall.</p></section>`;
}

export function renderHistoryPage(report: ReportModel, history: ReportHistory, ctx: PageContext): string {
  const { agent } = report;
  const brand = brandStyle(agent.primaryColor, agent.secondaryColor);
  const logo = safeImageUrl(agent.logoUrl);
  const body = html`<div>${topBar(logo, agent.brokerage, agent.name)}<main class="page narrow"><div class="report-head" data-section="property"><p class="eyebrow">Home value history</p><h1>${
    report.subject?.address ?? report.propertyAddress
  }</h1><p class="muted small m-0">Prepared by ${agent.name}</p></div>${latest(history.entries)}${table(history.entries)}<p class="section"><a class="btn btn-outline" href="/r/${
    report.id
  }">Open your full report</a></p>${agentCard(agent, 'Questions about your home’s value? I’m happy to help.', report.propertyAddress)}<footer class="footer" data-section="disclaimer">${
    report.disclaimer && html`<p>${report.disclaimer}</p>`
  }<p class="compliance">${complianceLine(agent)}</p></footer></main></div>`;
  return renderDocument({
    title: 'Your home value history',
    description: 'Every valuation of your home, from your first report to the latest update.',
    // the same capability as the report: never indexed, cached or leaked through the Referer header
    referrer: 'no-referrer',
    robots: 'noindex, nofollow, nocache',
    googlebot: 'noindex, nofollow',
    nonce: ctx.nonce,
    assets: ctx.assets,
    extraCss: `:root{--brand:${brand['--brand']};--brand-ink:${brand['--brand-ink']};--accent:${brand['--accent']}}`,
    preloadImages: [logo].filter((u): u is string => !!u),
    script: false,
    body,
  });
}
