import type { ReportModel } from '@opencma/core';
import { html, type SafeHtml, safeLinkUrl } from '@opencma/view';

/** The PDF's download link, or that it is being prepared (client/report/pdf-refresher.ts swaps it in), or unavailable. */
export function pdfRow(report: ReportModel): SafeHtml {
  const url = report.pdf.status === 'ready' ? safeLinkUrl(report.pdf.url) : null;
  return html`<div class="pdf-row">${
    url
      ? html`<a class="btn" href="${url}" download="home-value-report.pdf" data-track="pdf_download">Download PDF</a>`
      : report.pdf.status === 'pending'
        ? html`<p role="status" class="m-0">PDF is being prepared…</p>`
        : html`<p class="m-0" data-testid="pdf-unavailable">The PDF isn’t available for this report. Everything is on this page: bookmark it, share it or print it.</p>`
  }</div>`;
}

/** The share button's markup; client/report/share-button.ts gives it its behaviour and fills the status line. */
export const SHARE_HTML = html`<div class="share"><button type="button" class="btn btn-outline" data-testid="share">Share report</button><p role="status" aria-live="polite" class="small m-0"></p></div>`;

export function pdfSection(report: ReportModel): SafeHtml {
  return html`<section class="card section" aria-labelledby="pdf-h" data-section="share"><h2 id="pdf-h">Keep or share</h2>${pdfRow(report)}${SHARE_HTML}</section>`;
}

export const shareTitle = (report: ReportModel) => `Home value report — ${report.subject?.address ?? report.propertyAddress}`;
