import type { Config } from '@opencma/config';
import type { Sale, Subject } from '@opencma/core';
import type { Database } from '@opencma/db';
import type { SmsSender } from '@opencma/sms';
import type { ObjectStorage } from '@opencma/storage';
import type { Logger } from 'pino';

export type Polygon = Array<{ lat: number; lng: number }>;

/** What process_consumer_report needs from the MLS. */
export interface MlsGateway {
  findSubject(query: { address: string; postalCode?: string | null; mlsId?: string | null }): Promise<Subject | null>;
  closedSalesInPolygon(polygon: Polygon): Promise<Sale[]>;
  /**
   * How many closed sales closedSalesInPolygon would return at most (null: unknown). Optional: with it
   * the comp search skips downloading areas too small to be used (same result, less transfer).
   */
  closedSalesCountInPolygon?(polygon: Polygon): Promise<number | null>;
  /** Newest close date (YYYY-MM-DD) of any sale in the polygon; null when none. */
  newestCloseDateInPolygon(polygon: Polygon): Promise<string | null>;
  activeListingsInPolygon(polygon: Polygon): Promise<Array<{ listPrice: number | null; daysOnMarket: number | null }>>;
}

export interface PdfGateway {
  render(html: string): Promise<Buffer>;
}

/** Counters the worker reports (Prometheus in production); optional. */
export interface WorkerMetrics {
  jobFinished(outcome: 'completed' | 'failed' | 'noop' | 'retry' | 'error', seconds: number): void;
  smsFinished(role: 'consumer' | 'agent', result: 'sent' | 'skipped' | 'failed' | 'suppressed' | 'unresolved'): void;
}

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
}
