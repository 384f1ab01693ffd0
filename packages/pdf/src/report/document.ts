import type { ReportModel } from '@opencma/core';
import { html, reportStory } from '@opencma/view';
import { agentSection } from './agent';
import { printColors } from './colors';
import { compMapSection } from './comp-map';
import { compsSection } from './comps';
import { disclaimerFooter } from './disclaimer';
import { estimateSection } from './estimate';
import { header } from './header';
import { marketSection } from './market';
import { propertySection } from './property';
import { printCss } from './styles';

export interface ReportHtmlOptions {
  /** The report's public link, shown as is, e.g. https://cma.example.com/r/{id}. */
  publicUrl: string;
}

function checkedLink(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    throw new TypeError(`publicUrl must be an absolute http(s) URL, got ${JSON.stringify(publicUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`publicUrl must be an absolute http(s) URL, got ${JSON.stringify(publicUrl)}`);
  }
  return url.toString();
}

/**
 * The report as one self-contained, print-friendly HTML document for the PDF: inline CSS and SVG,
 * no scripts, nothing fetched except an https agent logo/photo. The page's sections in the page's
 * order (REPORT_SECTIONS, decision 0005), written with the view layer's `html` tag and formatters
 * (decision 0009): every value from the model is escaped; colours and image URLs are validated; the
 * consumer's phone number is not in the model and never shown.
 */
export function renderReportHtml(model: ReportModel, opts: ReportHtmlOptions): string {
  const colors = printColors(model.agent.primaryColor, model.agent.secondaryColor);
  const link = checkedLink(opts.publicUrl);
  // comps by weight, heaviest first: the numbering of the map, the table and the page; the one account of the numbers
  const story = reportStory(model);
  const comps = story.comps;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data:; style-src 'unsafe-inline'">
<title>Home Value Report — ${model.propertyAddress}</title>
<style>${printCss(colors)}</style>
</head>
<body>
${header(model, colors)}
${story.demoNote && html`<p class="demo-note">${story.demoNote}</p>`}
${propertySection(model)}
${estimateSection(model, story)}
${compMapSection(model.subject, comps, colors.accent)}
${compsSection(story)}
${marketSection(model.market, story, colors.accent)}
${agentSection(model, link)}
${disclaimerFooter(model)}
</body>
</html>`.value;
}
