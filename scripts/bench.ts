/**
 * `npm run bench`: the quality bars of DESIGN §10 for the report flow, measured on a running system.
 *
 *   npm run bench                                    embedded (PGlite + pg-boss), local MLS
 *   DATABASE_URL=… REDIS_URL=… npm run bench         PostgreSQL + BullMQ (same code, one process)
 *   npm run bench -- --reports 100 --concurrency 10 --rate 200 --duration 10 [--no-load] [--api-only] [--load-tool paced|autocannon] [--warmup 2]
 *
 * 1. Submit → completed: `--reports` submissions of real King County addresses (distinct phones),
 *    at most `--concurrency` in flight (each virtual user submits, waits for completion, repeats);
 *    prints p50/p95/p99 of POST-start → `completed_at` and the throughput.
 * 2. POST /v1/consumer-reports latency under load: a load generator in its own process sends
 *    `--rate` requests/s for `--duration` s, each a new consumer; prints p50/p99 and error counts.
 *    `--load-tool paced` (default): one request every 1/rate s whatever the server is doing, latency
 *    counted from when the request was due; `autocannon`: autocannon's overallRate, which sends each
 *    second's requests in a burst at the start of the second (see scripts/bench/load.ts). The first
 *    `--warmup` s (2; 0 for none) of load, at the same rate, are printed apart and not counted in the
 *    figures (a fresh process runs unoptimised code at first). Also prints the CPU time the bench
 *    process (API, and worker unless --api-only) spent per request. By default the worker
 *    (and local MLS) keep running in the API's process, working off the queue as it fills; with
 *    `--api-only` the system is stopped first and the API runs alone (as in production, where API
 *    and worker are separate processes), so the number is the API's own.
 * Rate limits are off for the run (RATE_LIMIT_*_PER_HOUR=0) unless set in the environment; texts
 * always go to the outbox. Each run starts at a random point of the phone × address sequence, so on a
 * reused database it does not hit its own earlier submissions as repeats (the 24 h duplicate rule).
 * With DATABASE_URL/REDIS_URL use a throwaway database: the reports the
 * load phase queued are left pending there (and in Redis under the run's QUEUE_PREFIX) when the
 * bench stops.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@opencma/config';
import { findChrome } from '@opencma/pdf';
import { createLogger, startApiProcess, startSystem, type RunningSystem } from '@opencma/runtime';
import { benchSubmission, kingCountyAddresses, type BenchAddress } from './bench/addresses';
import { percentile } from './bench/percentile';
import { parseArgs } from './lib/args';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2));
const num = (name: string, fallback: number) => {
  const v = args[name];
  const n = v === undefined || v === true ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const REPORTS = num('reports', 100);
const CONCURRENCY = num('concurrency', 10);
const RATE = num('rate', 200);
const DURATION_S = num('duration', 10);
const WARMUP = 3;
const WARMUP_S = args.warmup === undefined ? 2 : Number(args.warmup);
if (!Number.isFinite(WARMUP_S) || WARMUP_S < 0) throw new Error('--warmup must be a number of seconds ≥ 0');
const LOAD_TOOL = args['load-tool'] === undefined || args['load-tool'] === true ? 'paced' : String(args['load-tool']);
if (LOAD_TOOL !== 'paced' && LOAD_TOOL !== 'autocannon') throw new Error('--load-tool must be paced or autocannon');
/** Where this run starts in the sequence of bench submissions (phone i % 10 000, address i % 3 666). */
const RUN_OFFSET = randomInt(0, 2 ** 40);
const REPORT_TIMEOUT_MS = 60_000;

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');

function benchConfig() {
  const env = { ...process.env };
  env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-bench-'));
  env.API_PORT ??= '0';
  env.MLS_PORT ??= '0';
  env.SMTP_PORT ??= '0';
  env.LOG_LEVEL ??= 'warn';
  env.QUEUE_PREFIX ??= `bench${randomBytes(4).toString('hex')}`;
  for (const k of ['RATE_LIMIT_IP_PER_HOUR', 'RATE_LIMIT_PHONE_PER_HOUR', 'RATE_LIMIT_AGENT_PER_HOUR']) env[k] ??= '0';
  // Thousands of made-up consumers: never text them for real, whatever the environment configures.
  env.SMS_PROVIDER = 'outbox';
  return { config: loadConfig(env), tempDataDir: process.env.DATA_DIR ? null : env.DATA_DIR };
}

/** One poller for all reports in flight (a query every 20 ms), so polling does not scale with concurrency. */
function completionWatcher(system: RunningSystem) {
  const waiting = new Map<string, { resolve: (r: { status: string; completedAt: number }) => void; deadline: number }>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      if (waiting.size) {
        const ids = [...waiting.keys()];
        const { rows } = (await system.database.sql.executeSql(
          `select id, status, completed_at from consumer_reports where id = any($1) and status in ('completed', 'failed')`,
          [ids],
        )) as { rows: Array<{ id: string; status: string; completed_at: Date | string }> };
        for (const row of rows) {
          waiting.get(row.id)?.resolve({ status: row.status, completedAt: new Date(row.completed_at).getTime() });
          waiting.delete(row.id);
        }
        const now = Date.now();
        for (const [id, w] of waiting) {
          if (now > w.deadline) {
            w.resolve({ status: 'timeout', completedAt: NaN });
            waiting.delete(id);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    wait: (id: string) =>
      new Promise<{ status: string; completedAt: number }>((resolve) => waiting.set(id, { resolve, deadline: Date.now() + REPORT_TIMEOUT_MS })),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function submit(apiUrl: string, i: number, addresses: readonly BenchAddress[]) {
  const res = await fetch(`${apiUrl}/v1/consumer-reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchSubmission(RUN_OFFSET + i, addresses)),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => null)) as { report_id?: string } | null;
  return { status: res.status, id: body?.report_id ?? null };
}

async function measureCompletion(system: RunningSystem) {
  const addresses = kingCountyAddresses();
  const watcher = completionWatcher(system);
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  const run = async (count: number, record: boolean) => {
    const user = async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const started = Date.now();
        const res = await submit(system.apiUrl, i, addresses);
        if (res.status !== 202 || !res.id) {
          if (record) outcomes[`http_${res.status}`] = (outcomes[`http_${res.status}`] ?? 0) + 1;
          continue;
        }
        const done = await watcher.wait(res.id);
        if (!record) continue;
        outcomes[done.status] = (outcomes[done.status] ?? 0) + 1;
        if (done.status === 'completed') latencies.push(done.completedAt - started);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, user));
  };
  await run(WARMUP, false);
  next = WARMUP;
  const t0 = Date.now();
  await run(WARMUP + REPORTS, true);
  const wallS = (Date.now() - t0) / 1000;
  await watcher.stop();
  latencies.sort((a, b) => a - b);
  return { latencies, outcomes, wallS, nextIndex: next };
}

function runLoad(apiUrl: string, firstIndex: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'scripts/bench/load.ts'),
        apiUrl,
        String(RATE),
        String(DURATION_S),
        String(RUN_OFFSET + firstIndex),
        LOAD_TOOL,
        String(WARMUP_S),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (WARMUP_S + DURATION_S + 60) * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`load generator exited with ${code}: ${out}`));
      }
    });
  });
}

async function main() {
  const { config, tempDataDir } = benchConfig();
  const logger = createLogger(config, 'opencma-bench');
  const system = await startSystem(config, { logger });
  let stopping: Promise<void> | null = null;
  const stopSystem = () => (stopping ??= system.stop());
  const cpus = os.cpus();
  console.log(
    [
      `OpenCMA bench — ${new Date().toISOString()}`,
      `  machine:  ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `  database: ${system.database.kind}   queue: ${system.queue.kind}   MLS: ${system.localMls ? 'local server (in process)' : system.mlsUrl}`,
      `  PDF:      ${config.PDF_DISABLED ? 'disabled (PDF_DISABLED=true)' : (findChrome(config.CHROME_PATH, { fallback: false }) ?? 'no Chromium found: reports complete without PDFs')}`,
      `  API:      ${system.apiUrl} (API, worker and local MLS share this process)`,
    ].join('\n'),
  );
  try {
    console.log(`\n1. submit → completed: ${REPORTS} reports, ${CONCURRENCY} in flight (after ${WARMUP} warm-up reports)`);
    const c = await measureCompletion(system);
    const n = c.latencies.length;
    console.log(`   outcomes:   ${JSON.stringify(c.outcomes)}`);
    console.log(
      `   latency:    p50 ${ms(percentile(c.latencies, 50))}   p95 ${ms(percentile(c.latencies, 95))}   p99 ${ms(percentile(c.latencies, 99))}   max ${ms(c.latencies[n - 1] ?? NaN)}`,
    );
    console.log(`   throughput: ${(n / c.wallS).toFixed(1)} reports/s (${n} completed in ${c.wallS.toFixed(1)} s)`);
    console.log(`   goal:       p50 ≤ 1000 ms, p95 ≤ 2000 ms`);

    if (args['no-load'] !== true) {
      const apiOnly = args['api-only'] === true;
      console.log(
        `\n2. POST /v1/consumer-reports under load: ${RATE} requests/s for ${DURATION_S} s (${LOAD_TOOL === 'paced' ? `paced: one request every ${(1000 / RATE).toFixed(1)} ms, latency from when it was due` : 'autocannon overallRate: a burst at the start of each second'}; separate process; each a new report)` +
          `\n   ${apiOnly ? 'API alone in this process (worker stopped; jobs just queue)' : 'worker and local MLS busy in the same process'}`,
      );
      let apiUrl = system.apiUrl;
      let stopApi: (() => Promise<void>) | null = null;
      if (apiOnly) {
        await stopSystem();
        const api = await startApiProcess({ ...system.config, API_PORT: 0 }, { logger });
        apiUrl = api.apiUrl.replace('[::1]', '127.0.0.1');
        stopApi = api.stop;
      }
      const cpuBefore = process.cpuUsage();
      const load = await runLoad(apiUrl, c.nextIndex + 10).finally(() => stopApi?.());
      const cpu = process.cpuUsage(cpuBefore);
      const sent = load.requests + (load.warmup?.requests ?? 0);
      if (load.warmup)
        console.log(
          `   warm-up:    ${load.warmup.requests} requests in ${WARMUP_S} s first, not counted: p50 ${load.warmup.latency.p50} ms   p99 ${load.warmup.latency.p99} ms   max ${load.warmup.latency.max} ms`,
        );
      console.log(`   requests:   ${load.requests} (${load.rate} req/s average)`);
      console.log(`   latency:    p50 ${load.latency.p50} ms   p90 ${load.latency.p90} ms   p99 ${load.latency.p99} ms   max ${load.latency.max} ms`);
      console.log(`   status:     ${JSON.stringify(load.statusCodes)}   non-2xx ${load.non2xx}   errors ${load.errors}   timeouts ${load.timeouts}`);
      console.log(
        `   CPU:        ${((cpu.user + cpu.system) / 1000 / sent).toFixed(2)} ms per request in this process (${apiOnly ? 'the API' : 'API, worker and local MLS'}; warm-up included)`,
      );
      console.log(`   goal:       p99 ≤ 50 ms at 200 req/s on 2 cores`);
      const counts = apiOnly ? null : await system.queue.counts('process_consumer_report').catch(() => null);
      if (counts)
        console.log(`   queue after the load: ${counts.waiting} waiting, ${counts.active} active (left for the worker; the bench stops now)`);
    }
  } finally {
    await stopSystem();
    if (tempDataDir) fs.rmSync(tempDataDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error('bench failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  });
