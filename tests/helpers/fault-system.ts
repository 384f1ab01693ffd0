/**
 * The production shape for fault tests: a private PostgreSQL and a private Redis (restartable
 * without touching the shared ones), a local MLS server in the test process (faults injectable),
 * and the API and the worker as separate processes started from their production entry points.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLocalMlsServer, type LocalMlsServer } from '@opencma/mls';
import { kingCountyAddresses, benchSubmission, type BenchAddress } from '../../scripts/bench/addresses';
import { spawnApp, type AppProcess } from './app-processes';
import { freePort } from './free-port';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './private-services';

export interface SmsRow {
  recipient_role: 'consumer' | 'agent';
  to: string;
  status: string;
  provider: string;
  body: string;
}

export interface ReportRow {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  failure_reason: string | null;
  attempts: number;
}

export interface FaultSystem {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  mls: LocalMlsServer;
  /** Environment shared by the API and worker processes (read when each process starts). */
  env: Record<string, string>;
  /** Where the API will listen once started (known before, e.g. for webhook URLs in `env`). */
  apiUrl: string;
  api: AppProcess | null;
  worker: AppProcess | null;
  startApi(): Promise<AppProcess>;
  startWorker(): Promise<AppProcess>;
  /** Direct SQL on the private database (for checks the API does not expose). */
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  report(id: string): Promise<ReportRow | null>;
  smsLogs(id: string): Promise<SmsRow[]>;
  /** POST /v1/consumer-reports for the i-th bench address and phone. */
  submit(i: number, timeoutMs?: number): Promise<{ status: number; body: any; ms: number }>;
  addresses: BenchAddress[];
  stop(): Promise<void>;
}

export async function startFaultSystem(extraEnv: Record<string, string> = {}, opts: { durableCommits?: boolean } = {}): Promise<FaultSystem> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-fault-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  try {
    const privatePg = await startPrivatePostgres({ durableCommits: opts.durableCommits });
    cleanups.unshift(() => privatePg.destroy());
    const redis = await startPrivateRedis();
    cleanups.unshift(() => redis.destroy());
    const mls = await startLocalMlsServer({ host: '127.0.0.1', port: 0 });
    cleanups.unshift(() => mls.close());
    const pool = new pg.Pool({ connectionString: privatePg.url(), max: 3, connectionTimeoutMillis: 2000 });
    pool.on('error', () => undefined);
    cleanups.unshift(() => pool.end());

    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      DATABASE_URL: privatePg.url(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'faults',
      SIMPLYRETS_BASE_URL: mls.url,
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      PDF_DISABLED: 'true',
      JOB_BACKOFF_MS: '1000',
      MARKET_MODEL: 'off',
      RATE_LIMIT_IP_PER_HOUR: '0',
      RATE_LIMIT_PHONE_PER_HOUR: '0',
      RATE_LIMIT_AGENT_PER_HOUR: '0',
      // Every lead texted on its own: the fault tests count one agent text per report.
      AGENT_ALERTS_PER_HOUR: '0',
      ...extraEnv,
    };
    const system: FaultSystem = {
      pg: privatePg,
      redis,
      mls,
      env,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      api: null,
      worker: null,
      async startApi() {
        system.api = await spawnApp('api', env, apiPort);
        return system.api;
      },
      async startWorker() {
        system.worker = await spawnApp('worker', env, workerPort);
        return system.worker;
      },
      async query<T>(text: string, values?: unknown[]) {
        return (await pool.query(text, values)).rows as T[];
      },
      async report(id) {
        const rows = await system.query<ReportRow>('select id, status, failure_reason, attempts from consumer_reports where id = $1', [id]);
        return rows[0] ?? null;
      },
      smsLogs: (id) =>
        system.query<SmsRow>('select recipient_role, "to", status, provider, body from sms_logs where report_id = $1 order by recipient_role', [id]),
      addresses: kingCountyAddresses(),
      async submit(i, timeoutMs = 10_000) {
        if (!system.api) throw new Error('API not started');
        const started = performance.now();
        const res = await fetch(`${system.api.url}/v1/consumer-reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(benchSubmission(i, system.addresses)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await res.json().catch(() => null);
        return { status: res.status, body, ms: performance.now() - started };
      },
      async stop() {
        await Promise.all([system.worker?.stop('SIGTERM', 5_000), system.api?.stop('SIGTERM', 5_000)]);
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      },
    };
    cleanups.unshift(async () => {
      await Promise.all([system.worker?.stop('SIGKILL'), system.api?.stop('SIGKILL')]);
    });
    return system;
  } catch (err) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw err;
  }
}

/** Polls (bounded) until every report has finished; returns the rows. */
export async function waitForReports(system: FaultSystem, ids: string[], timeoutMs: number): Promise<ReportRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await system
      .query<ReportRow>('select id, status, failure_reason, attempts from consumer_reports where id = any($1)', [ids])
      .catch(() => [] as ReportRow[]);
    if (rows.length === ids.length && rows.every((r) => r.status === 'completed' || r.status === 'failed')) return rows;
    if (Date.now() > deadline) {
      const open = rows.filter((r) => r.status !== 'completed' && r.status !== 'failed');
      throw new Error(
        `${open.length + ids.length - rows.length} of ${ids.length} reports unfinished after ${timeoutMs} ms: ${JSON.stringify(open.slice(0, 5))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
