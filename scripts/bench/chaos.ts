/**
 * `npm run bench:chaos`: DESIGN §10 "exactly once" measured. The production processes (one API, N
 * workers) run on a private PostgreSQL and Redis (BullMQ) and text through the real Twilio client to
 * the local Twilio-compatible server, which injects provider faults at random — accepted-then-no-answer
 * (the client times out), 429s, 5xx, status callbacks before the 201 and slow callbacks — while a
 * worker is killed with SIGKILL every few seconds and started again. Then it waits for every report
 * and text to settle and prints: reports terminal, messages per recipient (must be exactly 1), and
 * statuses final (delivered, or suppressed/failed on purpose).
 *
 * Submissions are paced (`--rate` reports a second) so that the kills land while reports are processed
 * and texts are in flight; a new worker is started as soon as one is killed, and the next kill waits
 * until it is up.
 *
 *   npm run bench:chaos -- [--reports 60] [--rate 1] [--workers 2] [--kill-every 4]
 *                          [--hang 0.1] [--rate-limit 0.1] [--server-error 0.1] [--early 0.2] [--callback-delay 300]
 *
 * Needs the PostgreSQL server binaries and redis-server (as the fault tests do).
 */
import { randomInt } from 'node:crypto';
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
const REPORTS = num('reports', 60);
const WORKERS = Math.max(1, num('workers', 2));
const KILL_EVERY_S = num('kill-every', 4);
const RATE = Math.max(0.05, num('rate', 1));
const OPT_OUT_EVERY = 10; // every 10th consumer replies "stop texting me" before submitting
const ACCOUNT_SID = `AC${'c4'.repeat(16)}`;
const AUTH_TOKEN = 'chaos-bench-auth-token';
const SETTLE_TIMEOUT_MS = num('settle-timeout', 240) * 1000;

const unavailable = privateServicesUnavailable();
if (unavailable) {
  console.error(`bench:chaos needs private PostgreSQL and Redis: ${unavailable}`);
  process.exit(1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FINAL = new Set(['delivered', 'undelivered', 'failed', 'suppressed']);

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
  system = await startFaultSystem({
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+12065550100',
    TWILIO_BASE_URL: twilio.url,
    TWILIO_TIMEOUT_MS: '1000',
    SMS_RECONCILE_AFTER_MS: '7000',
    SWEEPER_INTERVAL_MS: '1000',
    SWEEPER_PROCESSING_AFTER_MS: '30000',
    QUEUE_LOCK_MS: '2000',
    QUEUE_STALLED_INTERVAL_MS: '1000',
    JOB_ATTEMPTS: '6',
  });
  const sys = system;
  sys.env.TWILIO_STATUS_CALLBACK_URL = `${sys.apiUrl}/v1/webhooks/twilio/status`;
  await sys.startApi();
  const ports = await Promise.all(Array.from({ length: WORKERS }, () => freePort()));
  for (const port of ports) workers.push(await spawnApp('worker', sys.env, port));
  console.log(`bench:chaos: ${REPORTS} reports, ${WORKERS} workers, a worker killed every ${KILL_EVERY_S} s, provider faults on`);

  // Some consumers opt out first ("stop texting me"): their texts must be suppressed, not sent.
  const start = randomInt(0, 9000);
  const inboundUrl = `${sys.apiUrl}/v1/webhooks/twilio/inbound`;
  const optedOut = new Set<string>();
  for (let i = 0; i < REPORTS; i += OPT_OUT_EVERY) {
    const params = { From: benchPhone(start + i), To: '+12065550100', Body: 'stop texting me' };
    const res = await fetch(inboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, inboundUrl, params) },
      body: new URLSearchParams(params).toString(),
    });
    if (res.status !== 200) throw new Error(`inbound webhook answered ${res.status}`);
    optedOut.add(params.From);
  }

  // The killer: every KILL_EVERY_S seconds, when every worker is up, SIGKILL one — preferably while
  // texts are being sent (it waits up to 2 s for one) — and start a new one in its place.
  let kills = 0;
  let killsWhileSending = 0;
  let killing = KILL_EVERY_S > 0;
  const starting = new Set<Promise<void>>();
  const killer = (async () => {
    while (killing) {
      await sleep(KILL_EVERY_S * 1000);
      if (!killing || starting.size > 0) continue;
      const sendingNow = async () =>
        (await sys.query<{ n: string }>("select count(*)::text as n from sms_logs where status = 'sending'"))[0]?.n ?? '0';
      for (let t = 0; t < 20 && (await sendingNow()) === '0'; t++) await sleep(100);
      const i = randomInt(0, workers.length);
      const w = workers[i]!;
      const sending = { n: await sendingNow() };
      await w.stop('SIGKILL');
      kills++;
      if (sending && sending.n !== '0') killsWhileSending++;
      const start = spawnApp('worker', sys.env, ports[i]!).then((next) => {
        workers[i] = next;
      });
      starting.add(start);
      void start.finally(() => starting.delete(start));
    }
  })();

  const started = Date.now();
  const ids: string[] = [];
  const submissions: Array<Promise<void>> = [];
  for (let i = 0; i < REPORTS; i++) {
    submissions.push(
      sys.submit(start + i, 30_000).then((res) => {
        if (res.status !== 202) throw new Error(`submission ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.report_id);
      }),
    );
    await sleep(1000 / RATE);
  }
  await Promise.all(submissions);
  // Keep killing while the work is under way, then let it settle (the provider faults stay on).
  await sleep(20_000);
  killing = false;
  await killer;
  await Promise.all(starting);

  type Row = { report_id: string; recipient_role: string; to: string; body: string; status: string };
  let reports: Array<{ id: string; status: string }> = [];
  let sms: Row[] = [];
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    reports = await sys.query('select id, status from consumer_reports where id = any($1)', [ids]);
    sms = await sys.query<Row>('select report_id, recipient_role, "to", body, status from sms_logs where report_id = any($1)', [ids]);
    const terminal = reports.filter((r) => r.status === 'completed' || r.status === 'failed').length;
    const settled = sms.filter((r) => FINAL.has(r.status)).length;
    if ((terminal === ids.length && sms.length === ids.length * 2 && settled === sms.length) || Date.now() > deadline) break;
    await sleep(500);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  // Messages per recipient, counted at the provider: (recipient, text) → messages accepted. Each text
  // names its report (link, or the consumer's number and address in the agent's lead).
  const perRecipient = new Map<string, number>();
  for (const m of twilio.messages) perRecipient.set(`${m.to}|${m.body}`, (perRecipient.get(`${m.to}|${m.body}`) ?? 0) + 1);
  const expected = sms.filter((r) => r.status !== 'suppressed' && r.status !== 'failed');
  let exactlyOne = 0;
  let missing = 0;
  for (const r of expected) {
    const n = perRecipient.get(`${r.to}|${r.body}`) ?? 0;
    if (n === 1) exactlyOne++;
    else if (n === 0) missing++;
  }
  const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
  const histogram = new Map<number, number>();
  for (const n of perRecipient.values()) histogram.set(n, (histogram.get(n) ?? 0) + 1);
  const byStatus = new Map<string, number>();
  for (const r of sms) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const suppressedOk = sms.filter((r) => optedOut.has(r.to) && r.recipient_role === 'consumer').every((r) => r.status === 'suppressed');
  const terminal = reports.filter((r) => r.status === 'completed' || r.status === 'failed').length;
  const final = sms.filter((r) => FINAL.has(r.status)).length;

  console.log(`settled in ${seconds} s after the first submission; ${kills} worker kills (SIGKILL), ${killsWhileSending} while texts were sending`);
  console.log(
    `provider: ${twilio.requestCount} message requests, ${twilio.listCount} lookups, ${twilio.messages.length} messages accepted; faults injected ${JSON.stringify(twilio.injected)}`,
  );
  console.log(`reports terminal:        ${terminal} / ${ids.length}`);
  console.log(
    `messages per recipient:  exactly 1 for ${exactlyOne} / ${expected.length} texts; missing ${missing}; duplicated ${duplicates}  (histogram ${JSON.stringify(Object.fromEntries(histogram))})`,
  );
  console.log(`statuses final:          ${final} / ${sms.length} sms_logs rows  ${JSON.stringify(Object.fromEntries(byStatus))}`);
  console.log(`opt-outs honoured:       ${suppressedOk ? 'yes' : 'NO'} (${optedOut.size} consumers replied "stop texting me")`);
  const ok = terminal === ids.length && exactlyOne === expected.length && duplicates === 0 && final === sms.length && suppressedOk;
  console.log(ok ? 'PASS: every report terminal, every recipient texted exactly once, every status final' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all(workers.map((w) => w.stop('SIGTERM', 5_000)));
  await system?.stop();
  await twilio.close();
}
