/**
 * The report page's only script (bundled by scripts/build-pages.ts into public/landing/): gives the
 * server-rendered HTML of lib/report/report-page.ts its behaviour. While the report is pending or
 * processing it polls and reloads once it is done; a finished report gets its analytics tracker,
 * the share button and, while the PDF is being made, the PDF refresher.
 */
import { REPORT_CONFIG_ID, type ReportClientConfig } from '../lib/report/client-config';
import { byId } from './dom';
import { attachCmaRequest } from './report/cma-request';
import { attachEquityCalculator } from './report/equity';
import { refreshPdfWhenReady } from './report/pdf-refresher';
import { attachShareButton } from './report/share-button';
import { pollStatus } from './report/status-poller';
import { trackReport } from './report/tracker';

function start(): void {
  const config = JSON.parse(byId(REPORT_CONFIG_ID).textContent ?? '') as ReportClientConfig;
  if (config.status === 'pending' || config.status === 'processing') {
    pollStatus(config.reportId, config.status, document.querySelector<HTMLElement>('[aria-labelledby="status-title"]')!);
    return;
  }
  if (config.track) trackReport(config.reportId);
  const cma = document.querySelector<HTMLButtonElement>('[data-cma-request]');
  if (cma) attachCmaRequest(cma, config.reportId);
  const share = document.querySelector<HTMLElement>('.share');
  if (share) attachShareButton(share, config.reportId, config.shareTitle);
  const equityForm = document.querySelector<HTMLFormElement>('form[data-equity]');
  if (equityForm && config.equity) attachEquityCalculator(equityForm, config.reportId, config.equity, config.track);
  const pdfRow = document.querySelector<HTMLElement>('.pdf-row');
  if (config.pdfPending && pdfRow) refreshPdfWhenReady(config.reportId, pdfRow);
}

start();
