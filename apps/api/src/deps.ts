import type { Config } from '@opencma/config';
import type { Database } from '@opencma/db';
import type { JobQueue } from '@opencma/queue';
import type { z } from 'zod';
import type { addressSuggestion } from './schemas';

export type AddressSuggestion = z.infer<typeof addressSuggestion>;

/** What the API needs from the outside world; chosen by configuration at start. */
export interface ApiDeps {
  config: Config;
  database: Database;
  queue: JobQueue;
  /** Reads stored PDFs. */
  storage: { get(key: string): Promise<{ body: Buffer; contentType: string } | null> };
  suggestAddresses(query: string, limit: number): Promise<AddressSuggestion[]>;
}
