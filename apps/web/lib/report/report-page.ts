/**
 * The report page /r/{id} as one HTML document (app/r/[id]/route.ts; decision 0007), mobile first,
 * in the same order as its PDF (packages/pdf renderReportHtml; decision 0005): property, estimate,
 * map, comparable sales, market, agent, disclaimer. Pending and processing reports show the status
 * view; failed ones say so and show the agent. Every text from the report goes through `html`;
 * URLs and colours are validated by @opencma/view.
 */
import type { ReportModel } from '@opencma/core';
import { brandStyle, complianceLine, date, failureWords, html, jsonForScript, reportStory, type SafeHtml, safeImageUrl } from '@opencma/view';
import { renderDocument, type PageContext } from '../page/document';
import { percentRules } from '../page/percent-classes';
import { topBar } from '../page/top-bar';
import { agentCard } from './agent-card';
import { REPORT_CONFIG_ID, type ReportClientConfig } from './client-config';
import { compMap } from './comp-map';
import { compsSection } from './comps';
import { equitySection, type EquitySectionInput } from './equity-section';
import { estimateSection } from './estimate';
import { marketSection } from './market';
import { nextStep } from './next-step';
import { pdfSection, shareTitle } from './pdf-section';
import { propertyFacts } from './property-facts';
import { statusView } from './status-view';
import { type StreetMapOptions, streetMapTags } from './street-map';
import { updatesSection } from './updates-section';
import type { UpdatesFormState } from './updates-submit';

export const REPORT_DESCRIPTION = 'A free, data-backed estimate of what your home is worth, from a local real-estate agent.';

function completed(report: ReportModel, opts: ReportPageOptions): SafeHtml {
  const v = report.valuation;
  const est = v?.estimate ?? null;
  const story = reportStory(report);
  return html`<div class="report-head" data-section="property"><p class="eyebrow">Home value report</p><h1>${
    report.subject?.address ?? report.propertyAddress
  }</h1><p class="muted small m-0">Prepared by ${report.agent.name}${report.completedAt ? ` on ${date(report.completedAt)}` : ''}</p>${
    story.demoNote && html`<p class="demo-note small" data-testid="demo-note">${story.demoNote}</p>`
  }${propertyFacts(report.subject)}</div><div class="report-grid"><div>${estimateSection(v, report.agent, story)}${nextStep(report.agent, report.propertyAddress)}${
    est &&
    equitySection({
      reportId: report.id,
      estimate: est,
      agent: report.agent,
      query: opts.equityQuery ?? {},
      agentView: opts.agentView,
      today: opts.today ?? new Date().toISOString().slice(0, 10),
    })
  }${
    report.subject && compMap(report.subject, story.comps)
  }${compsSection(story, report.subject)}${report.market && story.market && marketSection(report.market, story.market)}</div><aside class="aside" aria-label="Contact and download">${agentCard(
    report.agent,
    'Questions about your home’s value? I’m happy to help.',
    report.propertyAddress,
  )}${pdfSection(report)}${updatesSection(report, opts.subscribed === true, opts.updates)}</aside></div>`;
}

/** A report that could not be made: a known cause in plain words and what happens next (@opencma/view failureWords). */
function failed(report: ReportModel): SafeHtml {
  const words = failureWords(report.failureCode, report.propertyAddress, report.agent.name);
  return html`<div class="narrow narrow-status"><div class="card" data-failure="${report.failureCode ?? 'unknown'}"><p class="eyebrow">Home value report</p><h1>${
    words.title
  }</h1><p>${words.body}</p></div>${agentCard(report.agent, undefined, report.propertyAddress)}</div>`;
}

function disclaimer(report: ReportModel): SafeHtml {
  return html`<footer class="footer" data-section="disclaimer">${report.disclaimer && html`<p>${report.disclaimer}</p>`}${
    report.dataAsOf && html`<p>Sales data as of ${date(report.dataAsOf)}.</p>`
  }<p class="compliance">${complianceLine(report.agent)}</p></footer>`;
}

/** The link preview (Open Graph): the agent's branding and a generic title — never the address, the value or a phone (the link is a capability). */
export function reportPreview(agent: ReportModel['agent']) {
  const image = safeImageUrl(agent.logoUrl) ?? safeImageUrl(agent.photoUrl);
  return {
    title: 'Your home value report',
    description: `Prepared by ${agent.name}${agent.brokerage ? `, ${agent.brokerage}` : ''}.`,
    siteName: agent.brokerage ?? agent.name,
    // a crawler needs an absolute URL: relative ones (bundled demo assets) are left out
    image: image && /^https:\/\//.test(image) ? image : null,
  };
}

const pickRange = ({ value, low, high }: { value: number; low: number; high: number }) => ({ value, low, high });

export interface ReportPageOptions {
  /** Opened from the agent's workspace (`?via=agent`): nothing is recorded, as the agent's looks are not the homeowner's engagement. */
  agentView?: boolean;
  /** The street map (MAP_STYLE_URL set): without it the page carries no map code at all. */
  map?: StreetMapOptions;
  /** The equity calculator's fields from the query string (decision 0029); answered on the server when `calc=1`. */
  equityQuery?: EquitySectionInput['query'];
  /** `YYYY-MM-DD`; default today (UTC). */
  today?: string;
  /** Back from the value-updates form (`?subscribed=1`): the section says so. */
  subscribed?: boolean;
  /** A value-updates form the API refused (the page again after POST /r/{id}): what was typed and the errors. */
  updates?: UpdatesFormState;
}

/** The street map's settings and loader, on a finished report with a located home and comps, when configured. */
function streetMap(report: ReportModel, ctx: PageContext, map: StreetMapOptions | undefined): SafeHtml | null {
  if (!map || report.status !== 'completed' || !report.subject) return null;
  const story = reportStory(report);
  return streetMapTags(report.subject, story.comps, story.headings, map, ctx.nonce);
}

export function renderReportPage(report: ReportModel, ctx: PageContext, opts: ReportPageOptions = {}): string {
  const { agent } = report;
  const brand = brandStyle(agent.primaryColor, agent.secondaryColor);
  const logo = safeImageUrl(agent.logoUrl);
  const done = report.status === 'completed' || report.status === 'failed';
  const config: ReportClientConfig = {
    reportId: report.id,
    status: report.status,
    pdfPending: report.status === 'completed' && report.pdf.status === 'pending',
    shareTitle: shareTitle(report),
    track: !opts.agentView,
    ...(report.status === 'completed' && report.valuation?.estimate
      ? { equity: { estimate: pickRange(report.valuation.estimate), commissionPct: agent.saleCommissionPct, closingCostPct: agent.closingCostPct } }
      : {}),
  };
  const body = html`<div>${topBar(logo, agent.brokerage, agent.name)}<main class="page">${
    report.status === 'completed'
      ? completed(report, opts)
      : report.status === 'failed'
        ? failed(report)
        : html`<div class="narrow narrow-status">${statusView(report.status)}</div>`
  }${done && disclaimer(report)}</main></div><script type="application/json" id="${REPORT_CONFIG_ID}">${jsonForScript(config)}</script>${streetMap(report, ctx, opts.map)}`;

  return renderDocument({
    title: 'Your home value report',
    description: REPORT_DESCRIPTION,
    // a report link is a capability: never indexed, cached or leaked through the Referer header to
    // another site. Same-origin, not no-referrer: under no-referrer the browser sends `Origin: null` with
    // the page's own form posts, which the CSRF check (lib/page/same-origin.ts) must refuse.
    referrer: 'same-origin',
    robots: 'noindex, nofollow, nocache',
    googlebot: 'noindex, nofollow',
    openGraph: reportPreview(agent),
    nonce: ctx.nonce,
    assets: ctx.assets,
    // In the page's nonce'd <style>, as no style attribute may apply (decision 0017): the brand colours
    // (validated #hex values only, @opencma/view) and the chart and range-marker lengths the markup uses.
    extraCss: `:root{--brand:${brand['--brand']};--brand-ink:${brand['--brand-ink']};--accent:${brand['--accent']}}${percentRules(body.value)}`,
    // the images on the page: the logo, and the agent's photo on a finished report
    preloadImages: [logo, done ? safeImageUrl(agent.photoUrl) : null].filter((u): u is string => !!u),
    script: true,
    // the status poller needs the script; without it the browser reloads until the report is done
    noScriptRefreshSeconds: done ? undefined : 5,
    body,
  });
}
