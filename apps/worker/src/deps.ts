import type { Config } from '@opencma/config';
import type { AlertRanks, WorkerMetrics } from '@opencma/contracts';
import type { Database } from '@opencma/db';
import type { MlsGateway } from '@opencma/mls';
import type { PdfGateway } from '@opencma/pdf';
import type { SmsSender } from '@opencma/sms';
import type { ObjectStorage } from '@opencma/storage';
import type { Logger } from 'pino';

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
  /** Agent lead alert ranks shared by every worker (Redis); absent = counted in the database (decision 0024). */
  alertRanks?: AlertRanks | null;
}
