/** Job names and payloads shared by the API (producer) and the worker (consumer). */
export const PROCESS_CONSUMER_REPORT = 'process_consumer_report';

export interface ProcessConsumerReportJob {
  report_id: string;
}

/** Turns a lead event into delivery rows, one per (channel, destination), and queues each (decision 0019). */
export const DISPATCH_LEAD_EVENT = 'dispatch_lead_event';

export interface DispatchLeadEventJob {
  event_id: string;
}

/** Sends one delivery row (claim before send; retried with delayed jobs). */
export const DELIVER_LEAD_EVENT = 'deliver_lead_event';

export interface DeliverLeadEventJob {
  delivery_id: string;
}
