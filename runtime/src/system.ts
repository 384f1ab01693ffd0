import type { Config } from '@opencma/config';
import { buildApi, type ApiDeps } from '@opencma/api';
import { ensureDemoAgent, webhookSecretsForUrl, type Database } from '@opencma/db';
import { startFubStandIn, type FubStandIn } from '@opencma/fub/stand-in';
import { startLocalMlsServer, type FaultOptions, type LocalMlsServer } from '@opencma/mls';
import type { JobQueue } from '@opencma/queue';
import type { SmsSender } from '@opencma/sms';
import { startLocalSmtpServer, type LocalSmtpServer } from '@opencma/email';
import type { ObjectStorage } from '@opencma/storage';
import { startSweeper, startWorker, type WorkerDeps } from '@opencma/worker';
import { startLocalWebhookReceiver, type LocalWebhookReceiver } from '@opencma/webhooks/receiver';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import {
  createAlertRanks,
  createDatabase,
  createActivityDigests,
  createDeliveryChannels,
  createHomeUpdateMailer,
  createMls,
  createPdf,
  createQueue,
  createSms,
  createStorage,
  type MlsAdapters,
} from './adapters';
import { createMetrics } from './metrics';

type Cleanup = () => Promise<unknown>;

export interface ProcessOptions {
  logger: Logger;
  /** Start HTTP listeners (tests may use inject instead). */
  listen?: boolean;
  /** Override pieces for tests (e.g. an SMS sender pointed at a local Twilio server). */
  overrides?: { sms?: SmsSender; now?: () => Date; mlsFaults?: FaultOptions };
  /** Pass false to leave the API's request logs off. */
  apiLogger?: boolean;
}

export type StartSystemOptions = ProcessOptions;

interface Shared {
  config: Config;
  database: Database;
  queue: JobQueue;
  storage: ObjectStorage;
  mls: MlsAdapters;
  metrics: ReturnType<typeof createMetrics>;
}

/** Opens what API and worker both need; registers cleanups (run in order). */
async function openShared(config: Config, logger: Logger, cleanups: Cleanup[]): Promise<Shared> {
  const database = await createDatabase(config);
  cleanups.push(() => database.close());
  await ensureDemoAgent(database.db);
  const queue = createQueue(config, database, logger);
  await queue.start();
  cleanups.unshift(() => queue.stop());
  return { config, database, queue, storage: createStorage(config), mls: createMls(config), metrics: createMetrics(queue) };
}

async function attachApi(
  shared: Shared,
  opts: ProcessOptions,
  cleanups: Cleanup[],
  localSmtp: LocalSmtpServer | null = null,
  extra: Pick<ApiDeps, 'devWebhookReceiver' | 'demoMls'> = {},
): Promise<{ api: FastifyInstance; apiUrl: string }> {
  const { config } = shared;
  const api = await buildApi(
    {
      config,
      database: shared.database,
      queue: shared.queue,
      storage: shared.storage,
      suggestAddresses: shared.mls.suggestAddresses,
      findSubject: shared.mls.findSubject,
      // agents' sign-in codes go through the reports' SMS provider
      sms: opts.overrides?.sms ?? createSms(config, opts.logger),
      metrics: shared.metrics.api,
      ...(localSmtp ? { capturedMail: () => localSmtp.messages() } : {}),
      ...extra,
    },
    opts.apiLogger === false ? { logger: false } : {},
  );
  shared.metrics.instrument(api);
  cleanups.unshift(() => api.close());
  let apiUrl = config.apiUrl;
  if (opts.listen !== false) {
    const address = await api.listen({ host: config.HOST, port: config.API_PORT });
    apiUrl = address.replace('[::1]', '127.0.0.1');
  }
  return { api, apiUrl };
}

async function attachWorker(shared: Shared, opts: ProcessOptions, cleanups: Cleanup[]): Promise<{ sms: SmsSender }> {
  const { config } = shared;
  const { logger } = opts;
  const sms = opts.overrides?.sms ?? createSms(config, logger);
  const pdf = createPdf(config, logger);
  // Closed last (after the queue has let running jobs finish), so a graceful stop does not fail their PDFs.
  if (pdf) cleanups.push(() => pdf.close());
  const deps: WorkerDeps = {
    config,
    database: shared.database,
    mls: shared.mls,
    pdf,
    storage: shared.storage,
    sms,
    logger: logger.child({ component: 'worker' }),
    now: opts.overrides?.now ?? (() => new Date()),
    metrics: shared.metrics.worker,
    channels: createDeliveryChannels(config, shared.database, logger),
    mailer: createHomeUpdateMailer(config),
    queue: shared.queue,
    alertRanks: createAlertRanks(config, logger, cleanups),
    activityDigests: createActivityDigests(config),
  };
  await startWorker(deps, shared.queue, { concurrency: config.WORKER_CONCURRENCY });
  const stopSweeper = startSweeper(deps, shared.queue, {
    intervalMs: config.SWEEPER_INTERVAL_MS,
    pendingAfterMs: config.SWEEPER_PENDING_AFTER_MS,
    processingAfterMs: config.SWEEPER_PROCESSING_AFTER_MS,
  });
  cleanups.unshift(async () => stopSweeper());
  return { sms };
}

async function runCleanups(cleanups: Cleanup[], logger: Logger): Promise<void> {
  for (const cleanup of cleanups) await cleanup().catch((err) => logger.warn({ err }, 'error during shutdown'));
}

export interface RunningSystem {
  config: Config;
  database: Database;
  queue: JobQueue;
  storage: ObjectStorage;
  sms: SmsSender;
  api: FastifyInstance;
  apiUrl: string;
  mlsUrl: string;
  /** The local MLS server when SimplyRETS is not configured (tests inject faults through it). */
  localMls: LocalMlsServer | null;
  /** The local Follow Up Boss stand-in when FUB_API_URL is not configured (tests read its events). */
  localFub: FubStandIn | null;
  /** The local SMTP server capturing lead e-mails when SMTP_URL is not set (tests inject faults through it). */
  localSmtp: LocalSmtpServer | null;
  /** The local webhook receiver (development only; listed on /dev/outbox). */
  webhookReceiver: LocalWebhookReceiver | null;
  stop(): Promise<void>;
}

/**
 * In development, a local webhook receiver on a free port: point an endpoint at it (with its host in
 * WEBHOOK_ALLOWED_HOSTS) to see signed deliveries verified on /dev/outbox. It verifies each request
 * with the secret of the endpoint registered at the URL it was sent to.
 */
async function startDevWebhookReceiver(
  config: Config,
  database: Database,
  logger: Logger,
  cleanups: Cleanup[],
): Promise<LocalWebhookReceiver | null> {
  if (config.NODE_ENV !== 'development') return null;
  const receiver = await startLocalWebhookReceiver({ host: '127.0.0.1', secretsFor: (url) => webhookSecretsForUrl(database.db, url) });
  cleanups.unshift(() => receiver.close());
  logger.info({ url: `${receiver.url}/hooks/demo` }, 'local webhook receiver (set WEBHOOK_ALLOWED_HOSTS=127.0.0.1 to send to it)');
  return receiver;
}

/**
 * The embedded system in one process: local MLS server (unless SimplyRETS is configured), local Follow
 * Up Boss stand-in (unless FUB_API_URL is configured), database
 * with migrations and demo agent, queue, API and worker. PGlite allows one process, so API and
 * worker share it here.
 */
export async function startSystem(config: Config, opts: StartSystemOptions): Promise<RunningSystem> {
  const cleanups: Cleanup[] = [];
  try {
    let effective = config;
    let localMls: LocalMlsServer | null = null;
    if (config.useLocalMls) {
      const server = await startLocalMlsServer({
        host: '127.0.0.1',
        port: config.MLS_PORT,
        faults: opts.overrides?.mlsFaults,
        asOf: config.MLS_AS_OF ?? null,
      });
      localMls = server;
      cleanups.push(() => server.close());
      effective = { ...config, mlsBaseUrl: server.url.replace(/\/$/, '') };
    }
    let localFub: FubStandIn | null = null;
    if (config.useLocalFub) {
      const fub = await startFubStandIn({ host: '127.0.0.1' });
      localFub = fub;
      cleanups.push(() => fub.close());
      effective = { ...effective, fubApiUrl: fub.url };
    }
    let localSmtp: LocalSmtpServer | null = null;
    if (config.useLocalSmtp) {
      const smtp = await startLocalSmtpServer({ host: '127.0.0.1', port: config.SMTP_PORT });
      localSmtp = smtp;
      cleanups.push(() => smtp.close());
      effective = { ...effective, SMTP_URL: smtp.url };
    }
    const shared = await openShared(effective, opts.logger, cleanups);
    const webhookReceiver = await startDevWebhookReceiver(effective, shared.database, opts.logger, cleanups);
    const { api, apiUrl } = await attachApi(shared, opts, cleanups, localSmtp, {
      ...(webhookReceiver ? { devWebhookReceiver: webhookReceiver } : {}),
      // the demo moves in time: a cycle at a later day moves the local MLS's MLS_AS_OF forward (decision 0037)
      ...(localMls && config.MLS_AS_OF ? { demoMls: localMls } : {}),
    });
    const { sms } = await attachWorker(shared, opts, cleanups);
    return {
      config: effective,
      database: shared.database,
      queue: shared.queue,
      storage: shared.storage,
      sms,
      api,
      apiUrl,
      mlsUrl: effective.mlsBaseUrl,
      localMls,
      localFub,
      localSmtp,
      webhookReceiver,
      stop: () => runCleanups(cleanups, opts.logger),
    };
  } catch (err) {
    await runCleanups(cleanups, opts.logger);
    throw err;
  }
}

/** The API alone (production: many of these behind a load balancer, sharing PostgreSQL and Redis). */
export async function startApiProcess(config: Config, opts: ProcessOptions): Promise<{ apiUrl: string; stop(): Promise<void> }> {
  const cleanups: Cleanup[] = [];
  try {
    const shared = await openShared(config, opts.logger, cleanups);
    const { apiUrl } = await attachApi(shared, opts, cleanups);
    return { apiUrl, stop: () => runCleanups(cleanups, opts.logger) };
  } catch (err) {
    await runCleanups(cleanups, opts.logger);
    throw err;
  }
}

/** The worker alone, with /healthz, /readyz and /metrics on WORKER_PORT. */
export async function startWorkerProcess(config: Config, opts: ProcessOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const cleanups: Cleanup[] = [];
  try {
    const shared = await openShared(config, opts.logger, cleanups);
    await attachWorker(shared, opts, cleanups);
    const http = Fastify({ logger: false });
    shared.metrics.instrument(http);
    http.get('/healthz', async () => ({ status: 'ok' }));
    http.get('/readyz', async (_req, reply) => {
      try {
        await Promise.all([shared.database.ping(), shared.queue.ping()]);
        return { status: 'ready' };
      } catch (err) {
        return reply.status(503).send({ status: 'not_ready', error: (err as Error).message.slice(0, 200) });
      }
    });
    cleanups.unshift(() => http.close());
    const url = await http.listen({ host: config.HOST, port: config.WORKER_PORT });
    return { url, stop: () => runCleanups(cleanups, opts.logger) };
  } catch (err) {
    await runCleanups(cleanups, opts.logger);
    throw err;
  }
}
