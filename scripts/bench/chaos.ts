/**
 * `npm run bench:chaos`: DESIGN §10 "exactly once" measured at the size of issue #16. The production
 * processes (one API, N workers) run on a private PostgreSQL and a private Redis (BullMQ), each started by
 * the bench on its own port and data dir (tests/helpers/private-services; the shared 5432/6379 are never
 * touched), and text through the real Twilio client to the local Twilio-compatible server, which injects
 * provider faults at random — accepted-then-no-answer (the client times out), 429s, 5xx, status callbacks
 * before the 201 and slow callbacks. During a burst of submissions:
 *   - a worker is killed with SIGKILL every few seconds and started again (at least `--kills` times);
 *   - Redis is shut down once without saving (`redis-cli shutdown nosave`: the queue is lost) and started again;
 *   - PostgreSQL is stopped once (`pg_ctl stop`) and started again.
 * Submissions the API refuses meanwhile (503 while PostgreSQL is down) are retried by the bench like a
 * client would. Then it waits for every report and text to settle and prints, per report, its terminal
 * status and the consumer and agent texts the Twilio server accepted for it; it exits non-zero unless every
 * report is terminal with exactly one of each (and every text's status is final).
 *
 *   npm run bench:chaos -- [--reports 200] [--rate 5] [--workers 2] [--kill-every 4] [--kills 4]
 *                          [--redis-restart-at 0.3] [--redis-down 2] [--pg-restart-at 0.6] [--pg-down 3] [--pg-stop fast|immediate]
 *                          [--opt-out-every 0] [--hang 0.1] [--rate-limit 0.1] [--server-error 0.1] [--early 0.2] [--callback-delay 300]
 *
 * `--opt-out-every N`: every N-th consumer replies "stop texting me" first; their text must be suppressed
 * (expected consumer texts 0). Needs the PostgreSQL server binaries and redis-server (as the fault tests do).
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { computeTwilioSignature, startLocalTwilioServer } from '@opencma/sms';
import { spawnApp, type AppProcess } from '../../tests/helpers/app-processes';
import { startFaultSystem, type FaultSystem } from '../../tests/helpers/fault-system';
import { freePort } from '../../tests/helpers/free-port';
import { privateServicesUnavailable } from '../../tests/helpers/private-services';
import { parseArgs } from '../lib/args';
import { benchPhone } from './addresses';

const args = parseArgs(process.argv.slice(2));
const num = (name: string, fallback: number) => {
  const v = args[name];
  const n = v === undefined || v === true ? fallback : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return n;
};
const REPORTS = Math.max(1, num('reports', 200));
const WORKERS = Math.max(1, num('workers', 2));
const KILL_EVERY_S = num('kill-every', 4);
const MIN_KILLS = num('kills', 4);
const RATE = Math.max(0.05, num('rate', 5));
const REDIS_RESTART_AT = num('redis-restart-at', 0.3);
const REDIS_DOWN_S = num('redis-down', 2);
const PG_RESTART_AT = num('pg-restart-at', 0.6);
const PG_DOWN_S = num('pg-down', 3);
const PG_STOP = args['pg-stop'] === 'immediate' ? 'immediate' : 'fast';
const OPT_OUT_EVERY = num('opt-out-every', 0);
const ACCOUNT_SID = `AC${'c4'.repeat(16)}`;
const AUTH_TOKEN = 'chaos-bench-auth-token';
const SETTLE_TIMEOUT_MS = num('settle-timeout', 300) * 1000;
const SUBMIT_DEADLINE_MS = 180_000;

const unavailable = privateServicesUnavailable();
if (unavailable) {
  console.error(`bench:chaos needs private PostgreSQL and Redis: ${unavailable}`);
  process.exit(1);
}

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FINAL = new Set(['delivered', 'undelivered', 'failed', 'suppressed']);
const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const twilio = await startLocalTwilioServer({
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  deliver: true,
  faults: {
    acceptThenHangRate: num('hang', 0.1),
    tooManyRequestsRate: num('rate-limit', 0.1),
    serverErrorRate: num('server-error', 0.1),
    callbackBeforeResponseRate: num('early', 0.2),
    callbackDelayMs: num('callback-delay', 300),
  },
});
let system: FaultSystem | null = null;
const workers: AppProcess[] = [];
try {
  system = await startFaultSystem(
    {
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: '+12065550100',
      TWILIO_BASE_URL: twilio.url,
      TWILIO_TIMEOUT_MS: '1000',
      SMS_RECONCILE_AFTER_MS: '7000',
      SWEEPER_INTERVAL_MS: '1000',
      // Reports whose job was lost with Redis are found again quickly.
      SWEEPER_PENDING_AFTER_MS: '5000',
      SWEEPER_PROCESSING_AFTER_MS: '30000',
      QUEUE_LOCK_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      JOB_ATTEMPTS: '6',
    },
    {
      // PostgreSQL's default (and production's): a crash (`--pg-stop immediate`) loses no acknowledged submission.
      durableCommits: true,
    },
  );
  const sys = system;
  sys.env.TWILIO_STATUS_CALLBACK_URL = `${sys.apiUrl}/v1/webhooks/twilio/status`;
  await sys.startApi();
  const ports = await Promise.all(Array.from({ length: WORKERS }, () => freePort()));
  for (const port of ports) workers.push(await spawnApp('worker', sys.env, port));
  console.log(`bench:chaos: up after ${at()}`);
  console.log(
    `bench:chaos: ${REPORTS} reports at ${RATE}/s, ${WORKERS} workers, a worker killed every ${KILL_EVERY_S} s, Redis restarted once, PostgreSQL restarted once (${PG_STOP}), provider faults on`,
  );
  const query = async <T>(text: string, values?: unknown[]) => sys.query<T>(text, values);

  // Some consumers may opt out first ("stop texting me"): their texts must be suppressed, not sent.
  const start = randomInt(0, 9000);
  const inboundUrl = `${sys.apiUrl}/v1/webhooks/twilio/inbound`;
  const optedOut = new Set<string>();
  for (let i = 0; OPT_OUT_EVERY > 0 && i < REPORTS; i += OPT_OUT_EVERY) {
    const params = { From: benchPhone(start + i), To: '+12065550100', Body: 'stop texting me' };
    const res = await fetch(inboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, inboundUrl, params) },
      body: new URLSearchParams(params).toString(),
    });
    if (res.status !== 200) throw new Error(`inbound webhook answered ${res.status}`);
    optedOut.add(params.From);
  }

  // A worker (re)started: retried until it is up (it cannot start while PostgreSQL is down).
  let startFailures = 0;
  const startWorkerAt = async (i: number) => {
    for (;;) {
      try {
        workers[i] = await spawnApp('worker', sys.env, ports[i]!);
        return;
      } catch {
        startFailures++;
        await sleep(1000);
      }
    }
  };

  // The killer: every KILL_EVERY_S seconds, when every worker is up, SIGKILL one — preferably while
  // texts are being sent (it waits up to 2 s for one) — and start a new one in its place.
  let kills = 0;
  let killsWhileSending = 0;
  const killTimes: string[] = [];
  let killing = KILL_EVERY_S > 0;
  const starting = new Set<Promise<void>>();
  const sendingNow = async () =>
    (await query<{ n: string }>("select count(*)::text as n from sms_logs where status = 'sending'").catch(() => [{ n: '0' }]))[0]?.n ?? '0';
  const killer = (async () => {
    while (killing) {
      await sleep(KILL_EVERY_S * 1000);
      if (!killing || starting.size > 0) continue;
      for (let t = 0; t < 20 && (await sendingNow()) === '0'; t++) await sleep(100);
      const i = randomInt(0, workers.length);
      const sending = await sendingNow();
      await workers[i]!.stop('SIGKILL');
      kills++;
      killTimes.push(at());
      if (sending !== '0') killsWhileSending++;
      const restart = startWorkerAt(i);
      starting.add(restart);
      void restart.finally(() => starting.delete(restart));
    }
  })();

  // Redis and PostgreSQL, each restarted once while submissions arrive.
  const outages: string[] = [];
  const restartRedis = async () => {
    const t = at();
    // No save: the queue (waiting, active and delayed jobs) is gone; the sweeper must find those reports again.
    await run('redis-cli', ['-p', String(sys.redis.port), 'shutdown', 'nosave']).catch(() => sys.redis.stop('SIGKILL'));
    await sys.redis.stop('SIGKILL'); // waits for the process to be gone (a no-op when it already is)
    await sleep(REDIS_DOWN_S * 1000);
    await sys.redis.start();
    outages.push(`Redis down ${t} → ${at()}`);
  };
  const restartPostgres = async () => {
    const t = at();
    await sys.pg.stop(PG_STOP);
    await sleep(PG_DOWN_S * 1000);
    await sys.pg.start();
    outages.push(`PostgreSQL down ${t} → ${at()}`);
  };
  const restarts: Array<Promise<void>> = [];

  // Submissions, paced; a refused one (503 while PostgreSQL is down, or no answer) is retried like a client would.
  const refused = new Map<string, number>();
  const submitted: Array<{ id: string; phone: string }> = [];
  const submitOne = async (i: number) => {
    const deadline = Date.now() + SUBMIT_DEADLINE_MS;
    for (;;) {
      let why: string;
      try {
        const res = await sys.submit(start + i, 15_000);
        if (res.status === 202) {
          submitted.push({ id: res.body.report_id, phone: benchPhone(start + i) });
          return;
        }
        if (res.status < 500 && res.status !== 429) throw new Error(`submission ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        why = String(res.status);
      } catch (err) {
        if ((err as Error).message.startsWith('submission')) throw err;
        why = 'no answer';
      }
      refused.set(why, (refused.get(why) ?? 0) + 1);
      if (Date.now() > deadline) throw new Error(`submission ${i}: still refused after ${SUBMIT_DEADLINE_MS} ms (${why})`);
      await sleep(1000);
    }
  };
  const started = Date.now();
  const submissions: Array<Promise<void>> = [];
  const redisAt = Math.floor(REPORTS * REDIS_RESTART_AT);
  const pgAt = Math.floor(REPORTS * PG_RESTART_AT);
  for (let i = 0; i < REPORTS; i++) {
    if (i === redisAt) restarts.push(restartRedis());
    if (i === pgAt) restarts.push(restartPostgres());
    submissions.push(submitOne(i));
    await sleep(1000 / RATE);
  }
  await Promise.all(submissions);
  await Promise.all(restarts);
  // Keep killing while the work is under way (at least 20 s more, and until MIN_KILLS workers were
  // killed, within 3 minutes), then let it settle (the provider faults stay on).
  const killUntil = Date.now() + 180_000;
  await sleep(20_000);
  while (KILL_EVERY_S > 0 && kills < MIN_KILLS && Date.now() < killUntil) await sleep(500);
  killing = false;
  await killer;
  await Promise.all(starting);

  const ids = submitted.map((s) => s.id);
  type Row = { report_id: string; recipient_role: string; to: string; body: string; status: string };
  let reports: Array<{ id: string; status: string }> = [];
  let sms: Row[] = [];
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    try {
      reports = await query('select id, status from consumer_reports where id = any($1)', [ids]);
      sms = await query<Row>('select report_id, recipient_role, "to", body, status from sms_logs where report_id = any($1)', [ids]);
    } catch {
      /* the database is still coming back */
    }
    const terminal = reports.filter((r) => r.status === 'completed' || r.status === 'failed').length;
    const settled = sms.filter((r) => FINAL.has(r.status)).length;
    if ((terminal === ids.length && sms.length === ids.length * 2 && settled === sms.length) || Date.now() > deadline) break;
    await sleep(500);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  // Texts per report, counted at the provider: the consumer's go to their own number (unique per report);
  // the agent's name the report (its link) or the consumer's number.
  const [agent] = await query<{ phone: string }>("select phone from users where agent_code = 'demo'");
  const agentPhone = agent?.phone ?? '';
  const statusOf = new Map(reports.map((r) => [r.id, r.status]));
  const lines: string[] = [];
  let good = 0;
  for (const { id, phone } of submitted) {
    const consumer = twilio.messages.filter((m) => m.to === phone).length;
    const agentTexts = twilio.messages.filter((m) => m.to === agentPhone && (m.body.includes(id) || m.body.includes(phone))).length;
    const status = statusOf.get(id) ?? 'missing';
    const expectConsumer = optedOut.has(phone) ? 0 : 1;
    const ok = (status === 'completed' || status === 'failed') && consumer === expectConsumer && agentTexts === 1;
    if (ok) good++;
    lines.push(
      `  ${id}  ${status.padEnd(9)}  consumer ${consumer}${optedOut.has(phone) ? ' (opted out)' : ''}  agent ${agentTexts}${ok ? '' : '  <-- NOT exactly one of each'}`,
    );
  }
  const byStatus = new Map<string, number>();
  for (const r of sms) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const byReport = new Map<string, number>();
  for (const r of reports) byReport.set(r.status, (byReport.get(r.status) ?? 0) + 1);
  const terminal = reports.filter((r) => r.status === 'completed' || r.status === 'failed').length;
  const final = sms.filter((r) => FINAL.has(r.status)).length;
  const expectedMessages = submitted.length * 2 - [...optedOut].filter((p) => submitted.some((s) => s.phone === p)).length;

  console.log('per report: terminal status, texts accepted by the Twilio server (consumer, agent)');
  for (const line of lines) console.log(line);
  console.log(
    `settled in ${seconds} s after the first submission; ${kills} worker kills (SIGKILL), ${killsWhileSending} while texts were sending; ${startFailures} worker starts refused (database down)`,
  );
  console.log(`outages: ${outages.join('; ')}; workers killed at ${killTimes.join(', ')}`);
  console.log(`submissions refused and retried: ${JSON.stringify(Object.fromEntries(refused))}`);
  console.log(
    `provider: ${twilio.requestCount} message requests, ${twilio.listCount} lookups, ${twilio.messages.length} messages accepted (expected ${expectedMessages}); faults injected ${JSON.stringify(twilio.injected)}`,
  );
  console.log(`reports terminal:        ${terminal} / ${REPORTS}  ${JSON.stringify(Object.fromEntries(byReport))}`);
  console.log(`exactly one of each:     ${good} / ${REPORTS} reports`);
  console.log(`statuses final:          ${final} / ${sms.length} sms_logs rows  ${JSON.stringify(Object.fromEntries(byStatus))}`);
  const ok =
    submitted.length === REPORTS && terminal === REPORTS && good === REPORTS && twilio.messages.length === expectedMessages && final === sms.length;
  console.log(ok ? 'PASS: every report terminal, every recipient texted exactly once, every status final' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all(workers.map((w) => w.stop('SIGTERM', 5_000)));
  await system?.stop();
  await twilio.close();
}
