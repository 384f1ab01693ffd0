/** Job names and payloads shared by the API (producer) and the worker (consumer). */
export const PROCESS_CONSUMER_REPORT = 'process_consumer_report';

export interface ProcessConsumerReportJob {
  report_id: string;
}
