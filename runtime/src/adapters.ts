import type { Config } from '@opencma/config';
import {
  findWebhookEndpoint,
  fubConnectionForAgent,
  openDatabase,
  readAgentEmailSettings,
  readFubApiKey,
  webhookEndpointsForAgent,
  type Database,
  type WebhookEndpoint,
} from '@opencma/db';
import { createFubChannel, createFubClient } from '@opencma/fub';
import { createSimplyRetsClient, createSimplyRetsGateway, type MlsAddressSuggestions, type MlsGateway } from '@opencma/mls';
import type { ActivityDigestSender, DeliveryChannel } from '@opencma/delivery';
import { createActivityDigestSender, createEmailChannel, createSmtpMailer, type Mailer } from '@opencma/email';
import { createPdfRenderer, findChrome } from '@opencma/pdf';
import { createBullMqQueue, createPgBossQueue, createRedisAlertRanks, type JobQueue } from '@opencma/queue';
import { createOutboxSender, createTwilioSender, type SmsSender } from '@opencma/sms';
import { createLocalStorage, createS3Storage, type ObjectStorage } from '@opencma/storage';
import { createWebhookChannel } from '@opencma/webhooks';
import type { Logger } from 'pino';

export interface MlsAdapters extends MlsGateway, MlsAddressSuggestions {}

/** The MLS as the worker and API use it, over the SimplyRETS client (real API or local server). */
export function createMls(config: Config): MlsAdapters {
  return createSimplyRetsGateway(
    createSimplyRetsClient({ baseUrl: config.mlsBaseUrl, key: config.SIMPLYRETS_KEY, secret: config.SIMPLYRETS_SECRET }),
  );
}

export async function createDatabase(config: Config): Promise<Database> {
  return openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir, migrate: config.MIGRATE_ON_START });
}

export function createQueue(config: Config, database: Database, logger: Logger): JobQueue {
  if (config.REDIS_URL) {
    return createBullMqQueue({
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      attempts: config.JOB_ATTEMPTS,
      backoffMs: config.JOB_BACKOFF_MS,
      commandTimeoutMs: config.REDIS_TIMEOUT_MS,
      lockDurationMs: config.QUEUE_LOCK_MS,
      stalledIntervalMs: config.QUEUE_STALLED_INTERVAL_MS,
      onError: (err) => logger.error({ err }, 'queue error'),
    });
  }
  return createPgBossQueue({
    sql: database.sql,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    runSchedules: (config.MARKET_MODEL === 'on' && config.MODEL_RETRAIN_CRON !== 'off') || config.ACTIVITY_DIGEST_CRON !== 'off',
    onError: (err) => logger.error({ err }, 'queue error'),
  });
}

/**
 * Agent lead alert ranks shared by every worker: in Redis when REDIS_URL is set, else null (the worker
 * counts in the database). The connection is closed by the given cleanups (decision 0024).
 */
export function createAlertRanks(config: Config, logger: Logger, cleanups: Array<() => Promise<unknown>>) {
  if (!config.REDIS_URL) return null;
  const ranks = createRedisAlertRanks({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    timeoutMs: config.REDIS_TIMEOUT_MS,
    onUnavailable: (err) => logger.warn({ err }, 'Redis unavailable for the agent alert cap; counting in the database for a few seconds'),
  });
  cleanups.push(async () => ranks.close());
  return ranks;
}

export function createStorage(config: Config): ObjectStorage {
  if (config.S3_BUCKET) {
    return createS3Storage({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return createLocalStorage({ dir: config.storageDir });
}

export function createSms(config: Config, logger: Logger): SmsSender {
  if (config.SMS_PROVIDER === 'twilio') {
    return createTwilioSender({
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      from: config.TWILIO_FROM_NUMBER,
      messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
      baseUrl: config.TWILIO_BASE_URL,
      timeoutMs: config.TWILIO_TIMEOUT_MS,
    });
  }
  return createOutboxSender({ logger: logger.child({ component: 'sms-outbox' }) });
}

/** A warm-browser PDF renderer, or null (with a log line) when no Chromium is on the machine. */
export function createPdf(config: Config, logger: Logger) {
  const chromePath = config.PDF_DISABLED ? null : findChrome(config.CHROME_PATH, { fallback: false });
  if (!chromePath) {
    logger.warn('no Chromium found (set CHROME_PATH): reports will complete without PDFs');
    return null;
  }
  return createPdfRenderer({ chromePath });
}

/**
 * The lead delivery channels this system sends through (decision 0019), in order: each one decides
 * from the agent's/account's settings where an event goes. The worker gets this list.
 */
export function createDeliveryChannels(config: Config, database: Database, logger: Logger): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [];
  if (config.SMTP_URL) {
    channels.push(
      createEmailChannel({
        mailer: createSmtpMailer({ url: config.SMTP_URL }),
        from: config.EMAIL_FROM,
        readSettings: (agentId) => readAgentEmailSettings(database.db, agentId),
      }),
    );
  } else {
    logger.warn('SMTP_URL is not set and no local SMTP server runs in this process: lead e-mails are not sent');
  }
  channels.push(createWebhooks(config, database));
  channels.push(createFub(config, database));
  return channels;
}

/** The daily activity digest e-mail (decision 0030) over SMTP_URL, or null when there is no SMTP server here. */
export function createActivityDigests(config: Config): ActivityDigestSender | null {
  return config.SMTP_URL ? createActivityDigestSender({ mailer: createSmtpMailer({ url: config.SMTP_URL }), from: config.EMAIL_FROM }) : null;
}

/** The SMTP client homeowners' value updates go out through (decision 0028); null without SMTP_URL. */
export function createHomeUpdateMailer(config: Config): Mailer | null {
  return config.SMTP_URL ? createSmtpMailer({ url: config.SMTP_URL }) : null;
}

/** Signed webhooks (Standard Webhooks) to the endpoints agents and brokerages registered (decision 0021). */
function createWebhooks(config: Config, database: Database): DeliveryChannel {
  const target = (e: WebhookEndpoint) => ({ id: e.id, url: e.url, secret: e.secret, eventTypes: e.event_types, enabled: e.enabled });
  return createWebhookChannel({
    allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    endpointsFor: async (agentId, accountId) => (await webhookEndpointsForAgent(database.db, agentId, accountId)).map(target),
    findEndpoint: async (id) => {
      const e = await findWebhookEndpoint(database.db, { kind: 'operator' }, id);
      return e && target(e);
    },
  });
}

/** Follow Up Boss (decision 0022): FUB_API_URL (the local stand-in in the embedded system), keys from fub_connections. */
function createFub(config: Config, database: Database): DeliveryChannel {
  return createFubChannel({
    client: createFubClient({ baseUrl: config.fubApiUrl, systemName: config.FUB_SYSTEM_NAME, systemKey: config.FUB_SYSTEM_KEY }),
    systemName: config.FUB_SYSTEM_NAME,
    store: {
      connectionFor: (agentId, accountId) => fubConnectionForAgent(database.db, agentId, accountId),
      apiKeyOf: (connectionId) => readFubApiKey(database.db, connectionId),
    },
  });
}
