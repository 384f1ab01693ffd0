export { PdfError, type PdfErrorCode } from './errors';
export { findChrome } from './find-chrome';
export {
  createPdfRenderer,
  CHROME_ARGS,
  type PdfRenderer,
  type PdfGateway,
  type PdfRendererOptions,
  type PdfRendererStats,
  type RenderOptions,
  type PaperFormat,
} from './renderer';
export { renderReportHtml, REPORT_SECTIONS, type ReportHtmlOptions } from './report-html';
export { escapeHtml, validHexColor, httpsUrl } from './format';
