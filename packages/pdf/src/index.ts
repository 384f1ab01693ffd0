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
export { renderReportHtml, type ReportHtmlOptions } from './report/document';
export { REPORT_SECTIONS } from './report/sections';
