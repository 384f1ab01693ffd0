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

/** Scheduled (ACTIVITY_DIGEST_CRON): queues one send_activity_digest per agent with the digest on. */
export const SCHEDULE_ACTIVITY_DIGESTS = 'schedule_activity_digests';

export type ScheduleActivityDigestsJob = Record<string, never>;

/** One agent's daily activity digest e-mail for one UTC day (claim before send: once per agent and day). */
export const SEND_ACTIVITY_DIGEST = 'send_activity_digest';

export interface SendActivityDigestJob {
  agent_id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
}

/** Plans one period of homeowners' value updates: a row and a send job per due subscription (decision 0028). */
export const PLAN_HOME_UPDATES = 'plan_home_updates';

export interface PlanHomeUpdatesJob {
  /** YYYY-MM-DD the cycle runs as of (`npm run home-updates -- --date`); absent → now. */
  as_of?: string;
  /**
   * A cycle is planned one batch of subscriptions per job (decision 0037): the next job carries the
   * period and the last subscription id planned. Absent → the cycle's first batch.
   */
  period?: string;
  after_id?: string;
}

/** Values one subscribed home again and e-mails the update (claim before send). */
export const SEND_HOME_UPDATE = 'send_home_update';

export interface SendHomeUpdateJob {
  update_id: string;
  as_of?: string;
}
