import type { Config } from '@opencma/config';
import type { ApiMetrics } from '@opencma/contracts';
import type { Database } from '@opencma/db';
import type { MlsAddressSuggestions } from '@opencma/mls';
import type { JobQueue } from '@opencma/queue';
import type { ObjectStorage } from '@opencma/storage';
import type { SmsSender } from '@opencma/sms';
import type { CapturedMail } from '@opencma/email';
import type { Resolver } from '@opencma/webhooks';
import type { ReceivedWebhook } from '@opencma/webhooks/receiver';
import type { z } from 'zod';
import type { RateLimits } from './abuse/rate-limits';
import type { AgentLookup } from './agent-lookup';
import type { addressSuggestion } from './schemas';

export type AddressSuggestion = z.infer<typeof addressSuggestion>;

export interface SubjectQuery {
  address: string;
  postalCode?: string | null;
  mlsId?: string | null;
}

/** The facts of a home the landing page shows for confirmation (a Subject from @opencma/core fits). */
export interface KnownProperty {
  address: string;
  bedrooms: number | null;
  bathrooms: number | null;
  sqftLiving: number | null;
  yearBuilt: number | null;
}

/** What the API needs from the outside world; chosen by configuration at start. */
export interface ApiDeps {
  config: Config;
  database: Database;
  queue: JobQueue;
  /** Reads stored PDFs; storages that can sign (S3/R2) hand out short-lived download URLs instead. */
  /** put stores uploads (agent photos); without it uploads answer 503. */
  storage: Pick<ObjectStorage, 'get' | 'signedUrl'> & Partial<Pick<ObjectStorage, 'put'>>;
  /** Address suggestions from the MLS (used when Google Places is not configured). */
  suggestAddresses: MlsAddressSuggestions['suggestAddresses'];
  /** The consumer's home in the MLS, or null when the MLS does not know it (optional: without it lookups find nothing). */
  findSubject?(query: SubjectQuery): Promise<KnownProperty | null>;
  /** Texts agents their sign-in codes (the reports' SMS provider); default: the outbox. */
  sms?: SmsSender;
  /** The local webhook receiver's record (development only): listed by GET /v1/dev/webhooks. */
  devWebhookReceiver?: { readonly url: string; readonly requests: readonly ReceivedWebhook[] };
  /** DNS for webhook URL checks (tests pass their own); default: the system resolver. */
  webhookResolver?: Resolver;
  /** Prometheus counters (wired by the runtime); optional. */
  metrics?: ApiMetrics;
  /** E-mails captured by the local SMTP server (embedded mode without SMTP_URL), for /dev/outbox. */
  capturedMail?: () => CapturedMail[];
  /**
   * The local MLS with an "as of" date (embedded mode, MLS_AS_OF): an update cycle run at a later day
   * moves it forward to that day first, so the demo's new sales appear (decision 0037).
   */
  demoMls?: { advanceTo(date: string): string | null };
}

/** What the rate-limited routes get: the outside world plus the API's one set of rate limits and its agent lookup. */
export type RouteDeps = ApiDeps & { rateLimits: RateLimits; agents: AgentLookup };

/** What the agent workspace routes get: the route deps with an SMS sender always present. */
export type AgentRouteDeps = RouteDeps & { sms: SmsSender };
