import { z } from 'zod';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { secretFiles } from './secret-files';

/**
 * The one place that reads process.env. Every app calls loadConfig() at start; a bad
 * environment fails fast with a readable list of what is wrong.
 */
const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the web app (what a person opens). */
  PORT: port(3000),
  /**
   * false → a process never changes the database schema at start; it refuses to start while migrations
   * are pending (run the `migrate` command first). Several processes migrating at once take turns (a lock).
   */
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Port of the HTTP API. */
  API_PORT: port(3001),
  /** Port of a separately started worker's health and metrics endpoint. */
  WORKER_PORT: port(3002),
  /** Port of the local SimplyRETS-compatible MLS server (embedded mode). */
  MLS_PORT: port(4010),
  HOST: z.string().default('127.0.0.1'),
  /**
   * Who may tell us the client's address (X-Forwarded-For): proxies in front of the web app (and of
   * the API when it is reached directly). A comma-separated list of addresses, CIDRs or the names
   * loopback, linklocal, uniquelocal; or a number of hops; empty → nobody (the socket address is the
   * client). The API also always trusts loopback: the web app on the same host. See trustedProxies.
   */
  TRUSTED_PROXIES: z.string().default(''),
  /** Public origin used in texts and links, e.g. https://cma.example.com */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Where the web app reaches the API from the server side. */
  API_URL: z.url().optional(),
  /** PostgreSQL connection string; unset → embedded PGlite in DATA_DIR. */
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default('./.data'),
  /** Redis for BullMQ; unset → durable queue in the database. */
  REDIS_URL: optionalString,
  /** Key prefix of the BullMQ queues (separate systems sharing one Redis need different ones). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/i)
    .default('opencma'),
  /** SimplyRETS; unset base URL → the local MLS server over bundled King County sales. */
  SIMPLYRETS_BASE_URL: z.url().optional(),
  SIMPLYRETS_KEY: z.string().default('simplyrets'),
  SIMPLYRETS_SECRET: z.string().default('simplyrets'),
  /** Headless Chromium for PDFs; unset → looked up on the machine; set but missing → no PDFs (no fallback). */
  CHROME_PATH: optionalString,
  /** true → never render PDFs: reports complete with their PDF marked failed (the page works). */
  PDF_DISABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Local folder for stored PDFs (default DATA_DIR/storage). */
  STORAGE_DIR: optionalString,
  /** S3-API object storage (Cloudflare R2); unset bucket → local folder. */
  S3_BUCKET: optionalString,
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('auto'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMS_PROVIDER: z.enum(['outbox', 'twilio']).default('outbox'),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM_NUMBER: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString,
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  /** Where Twilio posts delivery statuses (default PUBLIC_BASE_URL/v1/webhooks/twilio/status). */
  TWILIO_STATUS_CALLBACK_URL: z.url().optional(),
  /** How long one Twilio request may take; no answer by then is an ambiguous outcome, resolved by a lookup. */
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** A text still `sending` whose claim was not renewed for this long is resolved by the reconciler (lookup, then adopt or send). */
  SMS_RECONCILE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(3 * 60_000),
  /** Report texts per rolling 24 h / hour, all agents together; past it texts are held for an operator (0 = no limit). */
  SMS_BUDGET_PER_DAY: z.coerce.number().int().min(0).default(5000),
  SMS_BUDGET_PER_HOUR: z.coerce.number().int().min(0).default(1000),
  /**
   * Follow Up Boss Events API (decision 0022); unset → https://api.followupboss.com for separately
   * started processes, and `npm start` starts the local FUB stand-in and sends there.
   */
  FUB_API_URL: z.url().optional(),
  /** X-System header (and the events' `system` field): the integration's registered name. */
  FUB_SYSTEM_NAME: z.string().trim().min(1).max(100).default('OpenCMA'),
  /** X-System-Key header from Follow Up Boss's system registration; unset → not sent (FUB then allows fewer requests). */
  FUB_SYSTEM_KEY: optionalString,
  /** Lead alerts texted to one agent per clock hour; past it the hour's other leads go out as one digest when the hour ends (0 = no cap). */
  AGENT_ALERTS_PER_HOUR: z.coerce.number().int().min(0).default(10),
  /**
   * Webhook hosts the operator allows for local testing: they may use http:// and private or loopback
   * addresses (everything else must be https to a public address). Comma-separated host names or IPs,
   * e.g. 127.0.0.1,localhost. Empty (default) → none.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** How long one webhook POST may take (connect to answer); slower counts as a failure and is retried. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** ISO country codes whose phone numbers are accepted. */
  ALLOWED_COUNTRIES: z
    .string()
    .default('US,CA')
    .transform((s) =>
      s
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  /** Token for the admin API; unset → admin API disabled. */
  ADMIN_TOKEN: optionalString,
  /** Google Places (autocomplete + place details) for addresses; unset → suggestions from the MLS. */
  GOOGLE_MAPS_API_KEY: optionalString,
  GOOGLE_PLACES_BASE_URL: z.url().default('https://places.googleapis.com'),
  /** Cloudflare Turnstile; both set → the landing page shows the widget and the API verifies its token. */
  /**
   * A street map on the report page: the URL of a MapLibre style JSON (e.g. a MapTiler, Stadia or
   * self-hosted OpenMapTiles style). Unset → the offline diagram only. The report page's CSP is opened
   * to this URL's origin alone, so the style's tiles, sprites and glyphs must be served from it.
   */
  MAP_STYLE_URL: z
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
    .optional(),
  TURNSTILE_SITE_KEY: optionalString,
  TURNSTILE_SECRET_KEY: optionalString,
  TURNSTILE_VERIFY_URL: z.url().default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
  /** Submissions allowed per hour, per consumer phone, per client IP and per agent (0 = no limit). */
  RATE_LIMIT_PHONE_PER_HOUR: z.coerce.number().int().min(0).default(5),
  RATE_LIMIT_IP_PER_HOUR: z.coerce.number().int().min(0).default(20),
  RATE_LIMIT_AGENT_PER_HOUR: z.coerce.number().int().min(0).default(200),
  /** Agent sign-in codes texted per phone (or e-mail) per hour, and sign-in requests (codes and guesses) per client IP per hour (0 = no limit). */
  RATE_LIMIT_SIGN_IN_PER_HOUR: z.coerce.number().int().min(0).default(5),
  RATE_LIMIT_SIGN_IN_IP_PER_HOUR: z.coerce.number().int().min(0).default(60),
  /** How long an agent stays signed in (days); a session in use is extended. */
  AGENT_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Address suggestions and property lookups per client IP per minute (0 = no limit). */
  RATE_LIMIT_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /**
   * Lookups of report ids that do not exist (report, PDF, events; API and /r/{id}) per client IP per
   * minute; past it every report lookup from that IP is answered 429 until the minute is over (0 = no limit).
   */
  RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** A repeat of the same phone + address for the same agent within this many hours returns the existing report. */
  DEDUPE_WINDOW_HOURS: z.coerce.number().min(0).default(24),
  /**
   * Bound of one Redis call on the request path (rate limits, enqueue): a Redis that does not answer
   * within this is treated as down for a few seconds (rate limits count in memory, the sweeper enqueues later).
   */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(750),
  /** Attempts for process_consumer_report before a report is failed. */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  /** First retry delay in ms, doubled each attempt. */
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(1000),
  /** Reports one worker process works on at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  /** BullMQ: how long a worker's lock on a running job lasts; a dead worker's job is recovered after it expires. */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** BullMQ: how often workers look for jobs whose lock expired (stalled) and put them back. */
  QUEUE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(15_000),
  /** How often the worker's sweeper looks for reports that lost their job. */
  SWEEPER_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** A report still pending after this long (its enqueue failed or its job was lost) is enqueued again. */
  SWEEPER_PENDING_AFTER_MS: z.coerce.number().int().min(0).default(60_000),
  /** A report processing for longer than this (its worker died) is enqueued again. */
  SWEEPER_PROCESSING_AFTER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /**
   * Market model (decision 0023): `on` → the worker blends the comps with the market's active stored
   * model and (re)trains it; `off` → comps alone, nothing trained (tests' default).
   */
  MARKET_MODEL: z.enum(['on', 'off']).default('on'),
  /**
   * Worker threads that train a market-model version's trees (decision 0038), off the worker's event
   * loop. Unset → min(2, available cores); 0 or 1 → trained in the worker's own process, between jobs' work.
   */
  MODEL_TRAINING_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /** Key of the MLS's market in market_models; unset → `king-county` with the local MLS, else `mls`. */
  MODEL_MARKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (at most 40)')
    .optional(),
  /**
   * The local MLS as it stood on this day (YYYY-MM-DD): sales that closed after it are hidden, so the
   * demo can move in time (decision 0028). Unset → every bundled sale. Ignored with SimplyRETS.
   */
  MLS_AS_OF: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2015-04-01')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'a real date such as 2015-04-01')
    .optional(),
  /** When the worker plans homeowners' value updates (cron, UTC, 5 fields; decision 0028); `off` → only by `npm run home-updates`. */
  HOME_UPDATES_CRON: z
    .string()
    .trim()
    .regex(/^(off|[0-9*,/-]+( +[0-9A-Za-z*,/-]+){4})$/, 'a 5-field cron expression such as "0 14 1 * *", or off')
    .default('0 14 1 * *'),
  /** A home update left `sending` this long lost its sender: it becomes `unknown` and is never sent again. */
  HOME_UPDATE_CLAIM_STALE_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(10 * 60_000),
  /** When the worker retrains the market model (cron, UTC, 5 fields); `off` → only on demand and by `npm run train-model`. */
  MODEL_RETRAIN_CRON: z
    .string()
    .trim()
    .regex(/^(off|[0-9*,/-]+( +[0-9A-Za-z*,/-]+){4})$/, 'a 5-field cron expression such as "0 3 * * 1", or off')
    .default('0 3 * * 1'),
  /** When the worker e-mails each opted-in agent yesterday's lead activity (cron, UTC); off → never. */
  ACTIVITY_DIGEST_CRON: z
    .string()
    .trim()
    .regex(/^(off|[0-9*,/-]+( +[0-9A-Za-z*,/-]+){4})$/, 'a 5-field cron expression such as "0 14 * * *", or off')
    .default('0 14 * * *'),
  /**
   * The SMTP server lead e-mails go through: smtp://user:pass@host:587 (STARTTLS when offered) or
   * smtps://user:pass@host:465. Unset → a local SMTP server started with the system captures them
   * (listed on /dev/outbox).
   */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s/]+/, 'Must be smtp://[user:pass@]host[:port] or smtps://…')
      .optional(),
  ),
  /** Port of the local SMTP server when SMTP_URL is unset (0 = any free port). */
  SMTP_PORT: port(2525),
  /** The From of lead e-mails. */
  EMAIL_FROM: z.string().trim().min(3).default('OpenCMA <leads@opencma.localhost>'),
  /**
   * A lead delivery (e-mail, webhook, CRM) still `sending` after this long lost its sender: the channel
   * decides (webhooks send again with the same id; e-mail and Follow Up Boss are marked `unknown`).
   */
  DELIVERY_CLAIM_STALE_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(10 * 60_000),
  /** First wait before a failed lead delivery is tried again; doubled per attempt (with jitter), at most an hour. */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1000).default(30_000),
});

export type RawConfig = z.infer<typeof configSchema>;

/** TRUSTED_PROXIES parsed: a hop count, or addresses/CIDRs/range names (checked by proxy-trust.ts). */
export type TrustedProxies = { hops: number } | { addresses: string[] };

export interface Config extends RawConfig {
  publicBaseUrl: string;
  apiUrl: string;
  mlsBaseUrl: string;
  storageDir: string;
  pgliteDir: string;
  /** The URL Twilio signs delivery-status callbacks with; null unless SMS_PROVIDER=twilio. */
  twilioStatusCallbackUrl: string | null;
  /** True when the MLS is the bundled local server (no SIMPLYRETS_BASE_URL). */
  useLocalMls: boolean;
  /** True when lead e-mails go to the local SMTP server started with the system (no SMTP_URL). */
  useLocalSmtp: boolean;
  /** True when Turnstile is configured (site and secret key). */
  turnstileEnabled: boolean;
  /** Origin of MAP_STYLE_URL (what the report page's CSP allows), or null: no street map. */
  mapOrigin: string | null;
  /** Where Follow Up Boss events go (FUB_API_URL, default the real API). */
  fubApiUrl: string;
  /** True when FUB_API_URL is unset: the embedded system runs the local FUB stand-in. */
  useLocalFub: boolean;
  /** TRUSTED_PROXIES parsed (see proxy-trust.ts for how the web app and the API use it). */
  trustedProxies: TrustedProxies;
  /** MODEL_MARKET or its default. */
  modelMarket: string;
  /** MODEL_TRAINING_THREADS or its default, min(2, os.availableParallelism()). */
  modelTrainingThreads: number;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** TRUSTED_PROXIES → a hop count or a list; a string says what is wrong with it. */
export function parseTrustedProxies(value: string): TrustedProxies | string {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const addresses = text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = addresses.filter((a) => !isProxyAddress(a));
  return bad.length ? `not an address, CIDR, range name or hop count: ${bad.join(', ')}` : { addresses };
}

const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4/IPv6 address, optionally with /prefix, or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length || !address) return false;
  const version = isIP(address);
  if (!version) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): Config {
  const files = secretFiles(rawEnv, Object.keys(configSchema.shape));
  if (files.problems.length) throw new ConfigError(files.problems);
  // An empty variable is an unset one (compose's `NAME: ${NAME:-}` passes empty strings through).
  const env = Object.fromEntries(Object.entries(files.env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ c.DATA_DIR);
  const problems: string[] = [];
  if (c.SMS_PROVIDER === 'twilio') {
    if (!c.TWILIO_ACCOUNT_SID) problems.push('TWILIO_ACCOUNT_SID: required when SMS_PROVIDER=twilio');
    if (!c.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio');
    if (!c.TWILIO_FROM_NUMBER && !c.TWILIO_MESSAGING_SERVICE_SID)
      problems.push('TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID: one is required when SMS_PROVIDER=twilio');
  }
  // A live sender renews its claim before each call; the gap between renewals is at most a call, a
  // lookup and the longest retry wait (4 s). The reconciler must not take a row over inside that gap.
  if (c.SMS_RECONCILE_AFTER_MS < 2 * c.TWILIO_TIMEOUT_MS + 5000) {
    problems.push(`SMS_RECONCILE_AFTER_MS: must be at least 2 × TWILIO_TIMEOUT_MS + 5000 (${2 * c.TWILIO_TIMEOUT_MS + 5000})`);
  }
  if (c.S3_BUCKET && (!c.S3_ACCESS_KEY_ID || !c.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: required when S3_BUCKET is set');
  }
  if (Boolean(c.TURNSTILE_SITE_KEY) !== Boolean(c.TURNSTILE_SECRET_KEY)) {
    problems.push('TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY: set both or neither');
  }
  const trustedProxies = parseTrustedProxies(c.TRUSTED_PROXIES);
  if (typeof trustedProxies === 'string') problems.push(`TRUSTED_PROXIES: ${trustedProxies}`);
  if (problems.length) throw new ConfigError(problems);
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    publicBaseUrl,
    twilioStatusCallbackUrl: c.SMS_PROVIDER === 'twilio' ? (c.TWILIO_STATUS_CALLBACK_URL ?? `${publicBaseUrl}/v1/webhooks/twilio/status`) : null,
    apiUrl: (c.API_URL ?? `http://127.0.0.1:${c.API_PORT}`).replace(/\/$/, ''),
    mlsBaseUrl: (c.SIMPLYRETS_BASE_URL ?? `http://127.0.0.1:${c.MLS_PORT}`).replace(/\/$/, ''),
    useLocalMls: !c.SIMPLYRETS_BASE_URL,
    modelMarket: c.MODEL_MARKET ?? (c.SIMPLYRETS_BASE_URL ? 'mls' : 'king-county'),
    modelTrainingThreads: c.MODEL_TRAINING_THREADS ?? Math.min(2, availableParallelism()),
    useLocalSmtp: !c.SMTP_URL,
    turnstileEnabled: Boolean(c.TURNSTILE_SITE_KEY && c.TURNSTILE_SECRET_KEY),
    /** Origin of MAP_STYLE_URL (what the report page's CSP allows), or null: no street map. */
    mapOrigin: c.MAP_STYLE_URL ? new URL(c.MAP_STYLE_URL).origin : null,
    fubApiUrl: (c.FUB_API_URL ?? 'https://api.followupboss.com').replace(/\/$/, ''),
    useLocalFub: !c.FUB_API_URL,
    trustedProxies: trustedProxies as TrustedProxies,
    storageDir: path.resolve(/*turbopackIgnore: true*/ c.STORAGE_DIR ?? path.join(dataDir, 'storage')),
    pgliteDir: path.join(dataDir, 'pglite'),
    DATA_DIR: dataDir,
  };
}
