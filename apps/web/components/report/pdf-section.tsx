import type { ReportModel } from '@opencma/core';
import { safeLinkUrl } from '../../lib/branding';
import { PdfRefresher } from './pdf-refresher';

export function PdfSection({ report }: { report: ReportModel }) {
  const url = report.pdf.status === 'ready' ? safeLinkUrl(report.pdf.url) : null;
  return (
    <section className="card section" aria-labelledby="pdf-h">
      <h2 id="pdf-h">Keep a copy</h2>
      <div className="pdf-row">
        {url ? (
          <a className="btn" href={url} download>
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
          <p style={{ margin: 0 }}>PDF unavailable. You can print or bookmark this page instead.</p>
        )}
      </div>
    </section>
  );
}
