import type { Config } from '@opencma/config';
import { buildApi } from '@opencma/api';
import { ensureDemoAgent, type Database } from '@opencma/db';
import { startLocalMlsServer, type FaultOptions, type LocalMlsServer } from '@opencma/mls';
import type { JobQueue } from '@opencma/queue';
import type { SmsSender } from '@opencma/sms';
import type { ObjectStorage } from '@opencma/storage';
import { startSweeper, startWorker, type WorkerDeps } from '@opencma/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createDatabase, createMls, createPdf, createQueue, createSms, createStorage } from './adapters';

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
  stop(): Promise<void>;
}

export interface StartSystemOptions {
  logger: Logger;
  /** Start the API's HTTP listener (tests may use inject instead). */
  listen?: boolean;
  /** Override pieces for tests (e.g. an SMS sender pointed at a local Twilio server). */
  overrides?: { sms?: SmsSender; now?: () => Date; mlsFaults?: FaultOptions };
  /** Pass false to leave the API's request logs off. */
  apiLogger?: boolean;
}

/**
 * The embedded system in one process: local MLS server (unless SimplyRETS is configured), database
 * with migrations and demo agent, queue, API and worker. PGlite allows one process, so API and
 * worker share it here.
 */
export async function startSystem(config: Config, opts: StartSystemOptions): Promise<RunningSystem> {
  const { logger } = opts;
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    let mlsUrl = config.mlsBaseUrl;
    let effective = config;
    let localMls: LocalMlsServer | null = null;
    if (config.useLocalMls) {
      const server = await startLocalMlsServer({ host: '127.0.0.1', port: config.MLS_PORT, faults: opts.overrides?.mlsFaults });
      localMls = server;
      cleanups.push(() => server.close());
      mlsUrl = server.url.replace(/\/$/, '');
      effective = { ...config, mlsBaseUrl: mlsUrl };
    }

    const database = await createDatabase(effective);
    cleanups.push(() => database.close());
    await ensureDemoAgent(database.db);

    const queue = createQueue(effective, database, logger);
    await queue.start();
    cleanups.unshift(() => queue.stop());

    const storage = createStorage(effective);
    const sms = opts.overrides?.sms ?? createSms(effective, logger);
    const pdf = createPdf(effective, logger);
    if (pdf) cleanups.unshift(() => pdf.close());
    const mls = createMls(effective);

    const api = await buildApi(
      { config: effective, database, queue, storage, suggestAddresses: mls.suggestAddresses },
      opts.apiLogger === false ? { logger: false } : {},
    );
    cleanups.unshift(() => api.close());
    let apiUrl = effective.apiUrl;
    if (opts.listen !== false) {
      const address = await api.listen({ host: effective.HOST, port: effective.API_PORT });
      apiUrl = address.replace('[::1]', '127.0.0.1');
    }

    const workerDeps: WorkerDeps = {
      config: effective,
      database,
      mls,
      pdf,
      storage,
      sms,
      logger: logger.child({ component: 'worker' }),
      now: opts.overrides?.now ?? (() => new Date()),
    };
    await startWorker(workerDeps, queue);
    const stopSweeper = startSweeper(workerDeps, queue);
    cleanups.unshift(async () => stopSweeper());

    return {
      config: effective,
      database,
      queue,
      storage,
      sms,
      api,
      apiUrl,
      mlsUrl,
      localMls,
      async stop() {
        for (const cleanup of cleanups) {
          await cleanup().catch((err) => logger.warn({ err }, 'error during shutdown'));
        }
      },
    };
  } catch (err) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw err;
  }
}
