export { startWorker } from './worker';
export { processConsumerReport, PermanentJobError, reportUrl, pdfKey } from './tasks/process-consumer-report';
export { valuationDateFor } from './tasks/valuation-date';
export { sendSmsOnce, type SendOnceResult } from './sms/send';
export { deliverClaimedSms, statusCallbackFor, MAX_SMS_ATTEMPTS } from './sms/deliver';
export { reconcileStaleSms } from './sms/reconcile';
export * from './sms/messages';
export type { WorkerDeps } from './deps';
export { sweepStuckReports, sweepStaleSms, sweepLeadDigests, startSweeper } from './sweeper';
