export { startWorker } from './worker';
export { processConsumerReport, PermanentJobError, reportUrl, pdfKey } from './tasks/process-consumer-report';
export { valuationDateFor } from './tasks/valuation-date';
export { sendSmsOnce } from './sms/send';
export * from './sms/messages';
export type { WorkerDeps } from './deps';
export { sweepStuckReports, startSweeper } from './sweeper';
