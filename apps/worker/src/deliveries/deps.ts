import type { Db } from '@opencma/db';
import type { BackoffOptions, DeliveryChannel } from '@opencma/delivery';
import type { JobQueue } from '@opencma/queue';
import type { Logger } from 'pino';

/** What dispatching and delivering lead events need. */
export interface DeliveryDeps {
  db: Db;
  channels: readonly DeliveryChannel[];
  /** Absent: nothing is queued (the sweeper finds the rows). */
  queue?: JobQueue;
  logger: Logger;
  now: () => Date;
  publicBaseUrl: string;
  /** Retry delays (tests shorten them). */
  backoff?: BackoffOptions;
}
