import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  BlendWeights,
  Calibration,
  ForwardValidation,
  MarketTrees,
  MarketStats,
  PdfStatus,
  PropertyFacts,
  ReportFailureCode,
  ReportStatus,
  Subject,
  Valuation,
} from '@opencma/core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Brokerage / affiliate with its branding. */
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  logo_url: text('logo_url'),
  primary_color: text('primary_color'),
  secondary_color: text('secondary_color'),
  branding_enabled: boolean('branding_enabled').notNull().default(true),
  /** The brokerage's licence number, shown beside its name (US advertising rules; migration 0012). */
  license_number: text('license_number'),
  /** Show the Equal Housing Opportunity statement on the brokerage's pages, report, PDF and e-mails. */
  equal_housing_opportunity: boolean('equal_housing_opportunity').notNull().default(true),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/** What a user may do: every user is an agent; an account admin also manages their brokerage (agents, branding, every lead). */
export type UserRole = 'agent' | 'account_admin';

/** Agents. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    account_id: uuid('account_id').references(() => accounts.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    photo_url: text('photo_url'),
    agent_code: text('agent_code').notNull().unique(),
    landing_page_headline: text('landing_page_headline'),
    landing_page_subheadline: text('landing_page_subheadline'),
    landing_page_cta_text: text('landing_page_cta_text'),
    role: text('role').$type<UserRole>().notNull().default('agent'),
    /** Each new lead is e-mailed to `email` (decision 0020). */
    lead_email_enabled: boolean('lead_email_enabled').notNull().default(true),
    /** A daily e-mail of lead activity (opt-in). */
    activity_digest_enabled: boolean('activity_digest_enabled').notNull().default(false),
    /** The agent's brokerage as printed on their marketing, when it differs from the account's name (or there is no account). */
    brokerage_name: text('brokerage_name'),
    /** The agent's own licence number. */
    license_number: text('license_number'),
    /** Net-proceeds calculator defaults on the agent's reports, in basis points (550 = 5.5 %; migration 0014). */
    sale_commission_bps: integer('sale_commission_bps').notNull().default(550),
    closing_cost_bps: integer('closing_cost_bps').notNull().default(150),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    check('users_sale_commission_bps_check', sql`${t.sale_commission_bps} between 0 and 2000`),
    check('users_closing_cost_bps_check', sql`${t.closing_cost_bps} between 0 and 2000`),
    index('users_phone_idx').on(t.phone),
    index('users_email_idx').on(sql`lower(${t.email})`),
    index('users_account_idx').on(t.account_id),
  ],
);

export interface ReportPlace {
  mlsId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  postalCode?: string | null;
}

export const consumer_reports = pgTable(
  'consumer_reports',
  {
    /** Public capability token (≥128 random bits, base64url). */
    id: text('id').primaryKey(),
    agent_id: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    consumer_phone: text('consumer_phone').notNull(),
    property_address: text('property_address').notNull(),
    place: jsonb('place').$type<ReportPlace>(),
    consent_text: text('consent_text').notNull(),
    consent_text_sha256: text('consent_text_sha256').notNull(),
    /** Version of the disclosure the server rendered consent_text from; null for reports from before versions (migration 0005). */
    consent_version: integer('consent_version'),
    consent_at: timestamp('consent_at', { withTimezone: true }).notNull(),
    consent_ip: text('consent_ip'),
    consent_user_agent: text('consent_user_agent'),
    consent_page_url: text('consent_page_url'),
    /**
     * Submission key (packages/db submissionKey: agent, phone, normalised address), held by the newest
     * report of each; unique, so identical submissions at once make one report. Null: given up or never set.
     */
    dedupe_key: text('dedupe_key'),
    status: text('status').$type<ReportStatus>().notNull().default('pending'),
    failure_reason: text('failure_reason'),
    /** Why a report failed, when the cause is known (ReportFailureCode); null: unknown. */
    failure_code: text('failure_code').$type<ReportFailureCode>(),
    /** No instant estimate is possible (the address could not be located): the agent owes a personal valuation. */
    needs_personal_valuation: boolean('needs_personal_valuation').notNull().default(false),
    /** Facts the consumer confirmed or corrected on the landing page (used by valuation, marked on the report). */
    consumer_facts: jsonb('consumer_facts').$type<Partial<PropertyFacts>>(),
    subject: jsonb('subject').$type<Subject>(),
    valuation: jsonb('valuation').$type<Valuation>(),
    market: jsonb('market').$type<MarketStats>(),
    estimate_value: integer('estimate_value'),
    estimate_low: integer('estimate_low'),
    estimate_high: integer('estimate_high'),
    estimate_confidence: text('estimate_confidence'),
    estimate_flagged: boolean('estimate_flagged'),
    estimate_flag_reason: text('estimate_flag_reason'),
    data_as_of: text('data_as_of'),
    pdf_key: text('pdf_key'),
    pdf_status: text('pdf_status').$type<PdfStatus>().notNull().default('pending'),
    pdf_error: text('pdf_error'),
    /** The agent's pipeline status of this lead (LEAD_STATUSES). */
    lead_status: text('lead_status').$type<LeadStatus>().notNull().default('new'),
    lead_status_at: timestamp('lead_status_at', { withTimezone: true }),
    /** When the homeowner's actions first crossed the "likely to sell" threshold (decision 0029); null: not (yet). */
    likely_to_sell_at: timestamp('likely_to_sell_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    created_at: createdAt(),
    updated_at: updatedAt(),
    processing_started_at: timestamp('processing_started_at', { withTimezone: true }),
    completed_at: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('consumer_reports_agent_idx').on(t.agent_id, t.created_at),
    /** The repeat-submission check (findRecentDuplicate) looks up one agent's reports for one phone. */
    index('consumer_reports_agent_phone_idx').on(t.agent_id, t.consumer_phone, t.created_at),
    index('consumer_reports_status_idx').on(t.status, t.updated_at),
    uniqueIndex('consumer_reports_dedupe_key_uq').on(t.dedupe_key),
    // The consent columns (and consumer_phone) cannot be updated: trigger consumer_reports_consent_immutable (migration 0005).
  ],
);

/** Where an agent is with a lead. */
export const LEAD_STATUSES = ['new', 'contacted', 'appointment', 'listed', 'closed', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export type SmsRecipientRole = 'consumer' | 'agent';
/** Why a text was sent: a report's notification, or (no report) an agent's sign-in code or invitation. */
export type SmsPurpose = 'report' | 'sign_in' | 'invite' | 'lead_digest' | 'home_update';
/**
 * held: over the SMS budget, waiting for an operator; released: to be sent by the reconciler; discarded: never sent.
 * in_digest: an agent lead alert past AGENT_ALERTS_PER_HOUR, waiting for its window's digest; digested: covered by
 * that digest (the `lead_digest` row of the same agent_id and alert_window) — decision 0024.
 */
export type SmsStatus =
  | 'pending'
  | 'sending'
  | 'sent'
  | 'queued'
  | 'accepted'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'suppressed'
  | 'held'
  | 'released'
  | 'discarded'
  | 'in_digest'
  | 'digested';

export const sms_logs = pgTable(
  'sms_logs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The report the text is about; null for sign-in codes. */
    report_id: text('report_id').references(() => consumer_reports.id),
    recipient_role: text('recipient_role').$type<SmsRecipientRole>().notNull(),
    purpose: text('purpose').$type<SmsPurpose>().notNull().default('report'),
    to: text('to').notNull(),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    provider_message_id: text('provider_message_id'),
    status: text('status').$type<SmsStatus>().notNull().default('pending'),
    error_code: text('error_code'),
    error_message: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    created_at: createdAt(),
    updated_at: updatedAt(),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    /** Who holds the row while it is `sending` (a new id per claim or take-over) and since when (renewed before each provider call). */
    claim_id: uuid('claim_id'),
    claimed_at: timestamp('claimed_at', { withTimezone: true }),
    /** Agent lead alerts and digests: the agent and the clock hour (its start) the alert counts in (decision 0024). */
    agent_id: uuid('agent_id').references(() => users.id, { onDelete: 'cascade' }),
    alert_window: timestamp('alert_window', { withTimezone: true }),
    /** A value update by text (purpose `home_update`, no report_id): one row per update (decision 0034, migration 0016). */
    home_update_id: uuid('home_update_id').references((): AnyPgColumn => home_updates.id),
  },
  (t) => [
    uniqueIndex('sms_logs_report_role_uq').on(t.report_id, t.recipient_role),
    uniqueIndex('sms_logs_home_update_uq').on(t.home_update_id),
    index('sms_logs_provider_message_idx').on(t.provider_message_id),
    index('sms_logs_status_claimed_idx').on(t.status, t.claimed_at),
    index('sms_logs_agent_window_idx').on(t.agent_id, t.alert_window),
    /** One digest per agent and window, whoever builds it and however often. */
    uniqueIndex('sms_logs_lead_digest_uq').on(t.agent_id, t.alert_window).where(sql`${t.purpose} = 'lead_digest'`),
    index('sms_logs_in_digest_idx').on(t.alert_window).where(sql`${t.status} = 'in_digest'`),
  ],
);

/**
 * Every delivery-status callback, once per (message, status), stored before it is applied: a callback
 * that arrives before the worker has recorded the message's SID is applied when the SID is recorded.
 */
export const sms_status_events = pgTable(
  'sms_status_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provider_message_id: text('provider_message_id').notNull(),
    /** The provider's status word as received (e.g. sent, delivered, undelivered). */
    status: text('status').notNull(),
    error_code: text('error_code'),
    received_at: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sms_status_events_message_status_uq').on(t.provider_message_id, t.status)],
);

/** Numbers that replied STOP: nothing is texted to them until they reply START. */
export const sms_opt_outs = pgTable('sms_opt_outs', {
  phone: text('phone').primaryKey(),
  opted_out_at: timestamp('opted_out_at', { withTimezone: true }).notNull().defaultNow(),
  keyword: text('keyword'),
});

export const report_views = pgTable(
  'report_views',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    report_id: text('report_id')
      .notNull()
      .references(() => consumer_reports.id),
    event_type: text('event_type').notNull().default('view'),
    session_id: text('session_id'),
    device_type: text('device_type'),
    browser: text('browser'),
    os: text('os'),
    referrer: text('referrer'),
    duration_ms: integer('duration_ms'),
    /** Event details, e.g. { section: 'comps' } or { channel: 'sms' }. */
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>(),
    viewed_at: timestamp('viewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_views_report_idx').on(t.report_id, t.viewed_at), index('report_views_session_idx').on(t.report_id, t.session_id)],
);

/** One-time sign-in codes (only a salted hash is stored); 10 minutes, 5 tries, used once. */
export const agent_sign_in_codes = pgTable(
  'agent_sign_in_codes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    code_hash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumed_at: timestamp('consumed_at', { withTimezone: true }),
    requested_ip: text('requested_ip'),
    created_at: createdAt(),
  },
  (t) => [index('agent_sign_in_codes_user_idx').on(t.user_id, t.created_at)],
);

/** Server-side sessions: the cookie holds a random token, the row its SHA-256 (id); revoked rows stay for the record. */
export const agent_sessions = pgTable(
  'agent_sessions',
  {
    id: text('id').primaryKey(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrf_token: text('csrf_token').notNull(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    created_at: createdAt(),
    expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
    revoked_at: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('agent_sessions_user_idx').on(t.user_id)],
);

/** An agent's notes on a lead. */
export const lead_notes = pgTable(
  'lead_notes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    report_id: text('report_id')
      .notNull()
      .references(() => consumer_reports.id),
    author_id: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    created_at: createdAt(),
  },
  (t) => [index('lead_notes_report_idx').on(t.report_id, t.created_at)],
);

/**
 * Stored versions of each market's model (decision 0023): the trees, the blend weight and the
 * range/tier calibration fitted on the market's own forward backtest, and that backtest's errors.
 * At most one active version per market; the worker values with it.
 */
export const market_models = pgTable(
  'market_models',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    market: text('market').notNull(),
    /** e.g. "king-county@2015-04-01". */
    version: text('version').notNull(),
    /** Learned only from sales closed strictly before this date. */
    as_of: date('as_of', { mode: 'string' }).notNull(),
    trained_at: timestamp('trained_at', { withTimezone: true }).notNull(),
    /** Close date of the latest sale it learned from. */
    trained_through: date('trained_through', { mode: 'string' }),
    first_sale: date('first_sale', { mode: 'string' }),
    sales_count: integer('sales_count').notNull(),
    model: jsonb('model').$type<MarketTrees>().notNull(),
    blend: jsonb('blend').$type<BlendWeights>().notNull(),
    calibration: jsonb('calibration').$type<Calibration>().notNull(),
    validation: jsonb('validation').$type<ForwardValidation>(),
    active: boolean('active').notNull().default(false),
    created_at: createdAt(),
  },
  (t) => [
    uniqueIndex('market_models_version_uq').on(t.market, t.version),
    uniqueIndex('market_models_one_active_uq').on(t.market).where(sql`${t.active}`),
    index('market_models_market_idx').on(t.market, t.trained_at),
  ],
);

export const LEAD_EVENT_TYPES = [
  'lead.created',
  'report.completed',
  'report.failed',
  'report.viewed',
  'lead.status_changed',
  'cma.requested',
  'lead.likely_to_sell',
] as const;
export type LeadEventTypeName = (typeof LEAD_EVENT_TYPES)[number];

/**
 * Something someone must hear about, written in the same transaction as the change it records (a
 * transactional outbox, decision 0019); dispatch_lead_event turns it into deliveries and sets dispatched_at.
 */
export const lead_events = pgTable(
  'lead_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    type: text('type').$type<LeadEventTypeName>().notNull(),
    report_id: text('report_id')
      .notNull()
      .references(() => consumer_reports.id),
    agent_id: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    account_id: uuid('account_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurred_at: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    dispatched_at: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [
    index('lead_events_undispatched_idx').on(t.occurred_at).where(sql`${t.dispatched_at} IS NULL`),
    index('lead_events_report_idx').on(t.report_id, t.occurred_at),
    /** report.viewed once per report session. */
    uniqueIndex('lead_events_report_session_view_uq').on(t.report_id, sql`(${t.data}->>'session_id')`).where(sql`${t.type} = 'report.viewed'`),
    /** cma.requested once per report (the first "Get an exact price" tap; migration 0015). */
    uniqueIndex('lead_events_report_cma_uq').on(t.report_id).where(sql`${t.type} = 'cma.requested'`),
    /** lead.likely_to_sell at most once per report (decision 0029). */
    uniqueIndex('lead_events_likely_to_sell_uq').on(t.report_id).where(sql`${t.type} = 'lead.likely_to_sell'`),
  ],
);

export type DeliveryChannelColumn = 'email' | 'webhook' | 'fub';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'retrying' | 'failed' | 'unknown';

/** One row per (event, channel, destination): each is sent at most once by construction (claim before send). */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    event_id: uuid('event_id')
      .notNull()
      .references(() => lead_events.id),
    channel: text('channel').$type<DeliveryChannelColumn>().notNull(),
    /** E-mail address / webhook endpoint id / FUB connection id. */
    destination: text('destination').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    claim_id: uuid('claim_id'),
    claimed_at: timestamp('claimed_at', { withTimezone: true }),
    next_attempt_at: timestamp('next_attempt_at', { withTimezone: true }),
    /** The channel's retry window runs from here. */
    first_attempt_at: timestamp('first_attempt_at', { withTimezone: true }),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    provider_id: text('provider_id'),
    response_status: integer('response_status'),
    last_error: text('last_error'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('deliveries_event_channel_destination_uq').on(t.event_id, t.channel, t.destination),
    index('deliveries_status_due_idx').on(t.status, t.next_attempt_at),
    index('deliveries_channel_destination_idx').on(t.channel, t.destination, t.created_at),
  ],
);

/**
 * Follow Up Boss API keys (decision 0022): one per agent or one per account (exactly one owner); an
 * account's key applies to its agents that have none of their own. The key is never logged and never
 * returned by any API: `api_key_last4` is what is shown.
 */
export const fub_connections = pgTable(
  'fub_connections',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    agent_id: uuid('agent_id').references(() => users.id, { onDelete: 'cascade' }),
    account_id: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    api_key: text('api_key').notNull(),
    api_key_last4: text('api_key_last4').notNull(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('fub_connections_agent_idx').on(t.agent_id).where(sql`${t.agent_id} IS NOT NULL`),
    uniqueIndex('fub_connections_account_idx').on(t.account_id).where(sql`${t.account_id} IS NOT NULL`),
    check('fub_connections_one_owner', sql`(${t.agent_id} IS NULL) <> (${t.account_id} IS NULL)`),
  ],
);

/**
 * Where an agent's (or a brokerage's) lead events are POSTed as signed webhooks. Exactly one owner:
 * an agent or an account. The secret (`whsec_…`) signs every request; it is shown once, at creation.
 */
export const webhook_endpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    agent_id: uuid('agent_id').references(() => users.id, { onDelete: 'cascade' }),
    account_id: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    event_types: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    description: text('description'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('webhook_endpoints_agent_idx').on(t.agent_id),
    index('webhook_endpoints_account_idx').on(t.account_id),
    check('webhook_endpoints_one_owner', sql`(${t.agent_id} IS NULL) <> (${t.account_id} IS NULL)`),
  ],
);

export type ActivityDigestStatus = 'sending' | 'sent' | 'retrying' | 'failed';

/**
 * The daily activity digest e-mail (migration 0015): one row per (agent, day), inserted as the claim
 * before the e-mail is sent, so a retried or duplicated job, or a second worker, never sends it twice.
 */
export const activity_digests = pgTable(
  'activity_digests',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    agent_id: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    /** The UTC day whose activity the digest reports. */
    day: date('day', { mode: 'string' }).notNull(),
    status: text('status').$type<ActivityDigestStatus>().notNull().default('sending'),
    claim_id: uuid('claim_id'),
    attempts: integer('attempts').notNull().default(1),
    response_status: integer('response_status'),
    last_error: text('last_error'),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex('activity_digests_agent_day_uq').on(t.agent_id, t.day)],
);

export type Account = typeof accounts.$inferSelect;
export type Agent = typeof users.$inferSelect;
export type ConsumerReport = typeof consumer_reports.$inferSelect;
export type SmsLog = typeof sms_logs.$inferSelect;
export type AgentSession = typeof agent_sessions.$inferSelect;
export type LeadNote = typeof lead_notes.$inferSelect;
export type SmsStatusEvent = typeof sms_status_events.$inferSelect;
export type LeadEventRow = typeof lead_events.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type WebhookEndpoint = typeof webhook_endpoints.$inferSelect;

export type HomeUpdateFrequency = 'monthly' | 'quarterly';
export type HomeSubscriptionStatus = 'active' | 'unsubscribed';
/** One channel per subscription (decision 0034): an e-mail address, or the report's number by text. */
export type HomeSubscriptionChannel = 'email' | 'sms';
export type HomeUpdateStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

/**
 * A homeowner's opt-in to recurring value updates by e-mail (decision 0028): its own express consent
 * (the first report's does not cover recurring messages) and a random unsubscribe token (≥128 bits).
 */
export const home_subscriptions = pgTable(
  'home_subscriptions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The first report of the home: its subject and facts are valued again each period. */
    report_id: text('report_id')
      .notNull()
      .references(() => consumer_reports.id),
    agent_id: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    /** The e-mail subscription's address (null for a text subscription). */
    email: text('email'),
    channel: text('channel').$type<HomeSubscriptionChannel>().notNull().default('email'),
    /** The text subscription's number: the report's consumer_phone (E.164). */
    phone: text('phone'),
    /** The home's IANA time zone (from its location) for the texts' quiet hours; null: unknown (decision 0034). */
    time_zone: text('time_zone'),
    frequency: text('frequency').$type<HomeUpdateFrequency>().notNull(),
    consent_text: text('consent_text').notNull(),
    consent_version: integer('consent_version').notNull(),
    consent_text_sha256: text('consent_text_sha256').notNull(),
    consent_at: timestamp('consent_at', { withTimezone: true }).notNull(),
    consent_ip: text('consent_ip'),
    consent_user_agent: text('consent_user_agent'),
    unsubscribe_token: text('unsubscribe_token').notNull(),
    status: text('status').$type<HomeSubscriptionStatus>().notNull().default('active'),
    created_at: createdAt(),
    unsubscribed_at: timestamp('unsubscribed_at', { withTimezone: true }),
    /** Why it ended when not by the link: `sms_opt_out` (the number replied STOP). */
    unsubscribe_reason: text('unsubscribe_reason'),
    /**
     * What the homeowner owes, only when they chose to give it for their updates' equity line
     * (decision 0035): an amount as of a day, or a loan (amount, first day, rate, term) whose balance
     * each update estimates by standard amortisation. Never both.
     */
    owed_amount: integer('owed_amount'),
    owed_as_of: date('owed_as_of', { mode: 'string' }),
    loan_amount: integer('loan_amount'),
    loan_start: date('loan_start', { mode: 'string' }),
    loan_rate_pct: doublePrecision('loan_rate_pct'),
    loan_term_years: integer('loan_term_years'),
    owed_updated_at: timestamp('owed_updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('home_subscriptions_unsubscribe_token_uq').on(t.unsubscribe_token),
    index('home_subscriptions_report_idx').on(t.report_id),
    uniqueIndex('home_subscriptions_report_email_active_uq').on(t.report_id, t.email).where(sql`"status" = 'active'`),
    index('home_subscriptions_status_idx').on(t.status, t.id),
    check('home_subscriptions_frequency_check', sql`"frequency" in ('monthly', 'quarterly')`),
    check('home_subscriptions_status_check', sql`"status" in ('active', 'unsubscribed')`),
    uniqueIndex('home_subscriptions_report_sms_active_uq').on(t.report_id).where(sql`"status" = 'active' AND "channel" = 'sms'`),
    index('home_subscriptions_phone_idx').on(t.phone).where(sql`"channel" = 'sms'`),
    check('home_subscriptions_channel_check', sql`"channel" in ('email', 'sms')`),
    check(
      'home_subscriptions_channel_address_check',
      sql`("channel" = 'email' AND "email" IS NOT NULL AND "phone" IS NULL) OR ("channel" = 'sms' AND "phone" IS NOT NULL AND "email" IS NULL)`,
    ),
    // The consent columns (and channel, address, report) cannot be updated: trigger home_subscriptions_consent_immutable (migration 0016).
    check(
      'home_subscriptions_owed_check',
      sql`("owed_amount" IS NULL AND "owed_as_of" IS NULL) OR ("owed_amount" BETWEEN 0 AND 100000000 AND "owed_as_of" IS NOT NULL)`,
    ),
    check(
      'home_subscriptions_loan_check',
      sql`("loan_amount" IS NULL AND "loan_start" IS NULL AND "loan_rate_pct" IS NULL AND "loan_term_years" IS NULL) OR ("loan_amount" BETWEEN 0 AND 100000000 AND "loan_start" IS NOT NULL AND "loan_rate_pct" BETWEEN 0 AND 25 AND "loan_term_years" BETWEEN 1 AND 50)`,
    ),
    check('home_subscriptions_owed_or_loan_check', sql`"owed_amount" IS NULL OR "loan_amount" IS NULL`),
  ],
);

/** One update of one subscription for one period ('2015-05'): sent at most once (claim before send). */
export const home_updates = pgTable(
  'home_updates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    subscription_id: uuid('subscription_id')
      .notNull()
      .references(() => home_subscriptions.id),
    period: text('period').notNull(),
    status: text('status').$type<HomeUpdateStatus>().notNull().default('pending'),
    claim_id: uuid('claim_id'),
    claimed_at: timestamp('claimed_at', { withTimezone: true }),
    valuation: jsonb('valuation').$type<Valuation>(),
    estimate_value: integer('estimate_value'),
    estimate_low: integer('estimate_low'),
    estimate_high: integer('estimate_high'),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    last_error: text('last_error'),
    created_at: createdAt(),
    /** Random per-update token of the open pixel and click-through links (decision 0036); set when sent. */
    tracking_token: text('tracking_token'),
    /** The update's links of this site, by index: a click-through redirects only to one of these. */
    tracked_links: jsonb('tracked_links').$type<string[]>(),
    /** A person's first open (the pixel, or a click); machine opens (privacy proxies, scanners) are counted apart. */
    opened_at: timestamp('opened_at', { withTimezone: true }),
    open_count: integer('open_count').notNull().default(0),
    machine_opened_at: timestamp('machine_opened_at', { withTimezone: true }),
    machine_open_count: integer('machine_open_count').notNull().default(0),
    clicked_at: timestamp('clicked_at', { withTimezone: true }),
    click_count: integer('click_count').notNull().default(0),
    machine_click_count: integer('machine_click_count').notNull().default(0),
    /** A text update deferred by quiet hours (or the SMS budget) is not sent, nor queued again by the sweeper, before this (decision 0034). */
    not_before: timestamp('not_before', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('home_updates_subscription_period_uq').on(t.subscription_id, t.period),
    uniqueIndex('home_updates_tracking_token_uq').on(t.tracking_token),
    index('home_updates_status_idx').on(t.status, t.created_at),
    check('home_updates_status_check', sql`"status" in ('pending', 'sending', 'sent', 'failed', 'unknown')`),
  ],
);

export type HomeSubscription = typeof home_subscriptions.$inferSelect;
export type HomeUpdate = typeof home_updates.$inferSelect;
