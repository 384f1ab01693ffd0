/** Job names and payloads shared by the API (producer) and the worker (consumer). */
export const PROCESS_CONSUMER_REPORT = 'process_consumer_report';

export interface ProcessConsumerReportJob {
  report_id: string;
}

/** Train and store a new version of a market's model (scheduled, or enqueued when a report finds none). */
export const TRAIN_MARKET_MODEL = 'train_market_model';

export interface TrainMarketModelJob {
  market: string;
}
