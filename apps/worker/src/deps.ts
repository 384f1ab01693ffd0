import type { Config } from '@opencma/config';
import type { DeliveryDeps } from './deliveries/deps';
import type { AlertRanks, WorkerMetrics } from '@opencma/contracts';
import type { Database } from '@opencma/db';
import type { MlsGateway } from '@opencma/mls';
import type { PdfGateway } from '@opencma/pdf';
import type { SmsSender } from '@opencma/sms';
import type { ObjectStorage } from '@opencma/storage';
import type { ActivityDigestSender, DeliveryChannel, DeliveryOutcome } from '@opencma/delivery';
import type { JobQueue } from '@opencma/queue';
import type { Logger } from 'pino';
import type { MarketModels } from './tasks/market-models';

export interface WorkerDeps {
  config: Config;
  database: Database;
  mls: MlsGateway;
  /** null when no Chromium is available: reports complete with their PDF marked failed. */
  pdf: PdfGateway | null;
  storage: ObjectStorage;
  sms: SmsSender;
  logger: Logger;
  /** Injected clock (tests pin it). */
  now: () => Date;
  metrics?: WorkerMetrics;
  /** The market's stored models (MARKET_MODEL=on; startWorker sets it); absent → comps alone. */
  marketModels?: MarketModels;
  /** The lead delivery channels (runtime/src/adapters.ts builds them from config); absent = none. */
  channels?: readonly DeliveryChannel[];
  /** Where lead events written by the worker are queued for dispatch (absent: the sweeper finds them). */
  queue?: JobQueue;
  /** Agent lead alert ranks shared by every worker (Redis); absent = counted in the database (decision 0024). */
  alertRanks?: AlertRanks | null;
  /** Sends the daily activity digest e-mail (SMTP; decision 0030); absent/null = no SMTP here, none sent. */
  activityDigests?: ActivityDigestSender | null;
  /** Sends homeowners' value updates (packages/email's Mailer; runtime/src/adapters.ts builds it); absent = not sent. */
  mailer?: HomeUpdateMailer | null;
}

/** One e-mail out (the shape of packages/email's Mailer). */
export interface HomeUpdateMailer {
  send(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers?: Record<string, string>;
  }): Promise<DeliveryOutcome>;
}

/** The delivery part of the worker's dependencies. */
export function deliveryDepsOf(deps: WorkerDeps): DeliveryDeps {
  return {
    db: deps.database.db,
    channels: deps.channels ?? [],
    queue: deps.queue,
    logger: deps.logger,
    now: deps.now,
    publicBaseUrl: deps.config.publicBaseUrl,
    backoff: { baseMs: deps.config.DELIVERY_RETRY_BASE_MS },
  };
}
