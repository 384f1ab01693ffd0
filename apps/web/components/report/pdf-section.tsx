import type { ReportModel } from '@opencma/core';
import { safeLinkUrl } from '../../lib/branding';
import { PdfRefresher } from './pdf-refresher';
import { ShareButton } from './share-button';

export function PdfSection({ report }: { report: ReportModel }) {
  const url = report.pdf.status === 'ready' ? safeLinkUrl(report.pdf.url) : null;
  return (
    <section className="card section" aria-labelledby="pdf-h" data-section="share">
      <h2 id="pdf-h">Keep or share</h2>
      <div className="pdf-row">
        {url ? (
          <a className="btn" href={url} download="home-value-report.pdf" data-track="pdf_download">
            Download PDF
          </a>
        ) : report.pdf.status === 'pending' ? (
          <>
            <p role="status" style={{ margin: 0 }}>
              PDF is being prepared…
            </p>
            <PdfRefresher id={report.id} />
          </>
        ) : (
          <p style={{ margin: 0 }} data-testid="pdf-unavailable">
            The PDF isn’t available for this report. Everything is on this page: bookmark it, share it or print it.
          </p>
        )}
      </div>
      <ShareButton reportId={report.id} title={`Home value report — ${report.subject?.address ?? report.propertyAddress}`} />
    </section>
  );
}
