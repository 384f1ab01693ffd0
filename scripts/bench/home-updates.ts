/**
 * One cycle of homeowners' value updates over many subscriptions, on embedded defaults (PGlite,
 * pg-boss, local MLS and SMTP servers, WORKER_CONCURRENCY as configured; decisions 0028 and 0037):
 *
 *   npm run bench:home-updates [-- --subscriptions 10000] [--homes 10000] [--cpu-profile cycle.cpuprofile]
 *
 * Makes one completed report through the API (MLS_AS_OF 2015-02-28), then one completed report per
 * home for `--homes` different homes of the local MLS (default: one home per subscription, as real
 * homeowners have, up to the ~3,500 homes whose street address the bundled sales have) and subscribes
 * `--subscriptions` addresses to them in turn.
 * It times one cycle as of 2015-04-01 — planning (rows + one job each) and every send (the home valued
 * again with March's sales, e-mailed through the local SMTP server) — and prints plan time, cycle time,
 * updates/s, p50/p95 per update and the process's peak RSS. The market model is off, as in the tests
 * (training it takes minutes of CPU and is not part of a cycle). Asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Writable } from 'node:stream';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, homeUpdateCounts, schema } from '@opencma/db';
import { createSimplyRetsClient, DEMO_CREDENTIALS } from '@opencma/mls';
import { PLAN_HOME_UPDATES } from '@opencma/queue';
import { startSystem } from '@opencma/runtime';
import pino from 'pino';
import { pollUntil } from '../../tests/helpers/poll';
import { testConfig } from '../../tests/helpers/test-config';
import { parseArgs } from '../lib/args';
import { percentile } from './percentile';

const args = parseArgs(process.argv.slice(2));
const n = Number(args.subscriptions ?? 10_000);
if (!Number.isInteger(n) || n < 1) throw new Error('--subscriptions must be a positive whole number');
const wantedHomes = Number(args.homes ?? n);
if (!Number.isInteger(wantedHomes) || wantedHomes < 1) throw new Error('--homes must be a positive whole number');
const AS_OF = '2015-04-01';
const PERIOD = AS_OF.slice(0, 7);

/** What the bench reads from the worker's logs: when the cycle was planned and how long each send took. */
const seen = { plannedAt: 0, sendMs: [] as number[] };
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n')) {
      if (!line.includes('home update') && !line.includes('send_home_update')) continue;
      const entry = JSON.parse(line) as { msg: string; ms?: number };
      if (entry.msg === 'home updates planned') seen.plannedAt = performance.now();
      if (entry.msg === 'send_home_update finished' && typeof entry.ms === 'number') seen.sendMs.push(entry.ms);
    }
    done();
  },
});
const logger = pino({ level: 'debug' }, logSink);

const system = await startSystem(
  testConfig({ PDF_DISABLED: 'true', DEDUPE_WINDOW_HOURS: '0', MLS_AS_OF: '2015-02-28', HOME_UPDATES_CRON: 'off', SWEEPER_INTERVAL_MS: '600000' }),
  { logger, listen: false, apiLogger: false },
);
try {
  const db = system.database.db;
  const res = await system.api.inject({
    method: 'POST',
    url: '/v1/consumer-reports',
    payload: {
      agent_code: 'demo',
      phone: '201-555-0123',
      address: '1156 N 93rd St, Seattle, WA 98103',
      place: { postalCode: '98103' },
      consent: true,
      consent_version: CURRENT_CONSENT_VERSION,
    },
  });
  const reportId = res.json().report_id as string;
  const report = await pollUntil(async () => {
    const r = await getConsumerReport(db, reportId);
    return r?.status === 'completed' ? r : undefined;
  }, 300_000);

  // One report per home: the local MLS's homes (one listing per place), found by their MLS id as a
  // report whose homeowner picked the address from the autocomplete is.
  const mls = createSimplyRetsClient({ baseUrl: system.mlsUrl, ...DEMO_CREDENTIALS });
  const byPlace = new Map<string, { mlsId: number; address: string; postalCode: string | null; lat: number; lng: number }>();
  for (const l of await mls.searchAll({ status: 'Closed', lastId: 0 })) {
    const lat = l.geo?.lat;
    const lng = l.geo?.lng;
    const street = l.address?.full;
    if (typeof lat !== 'number' || typeof lng !== 'number' || !street) continue; // a home the MLS knows by its address
    const address = `${street}, ${l.address?.city ?? 'Seattle'}, WA ${l.address?.postalCode ?? ''}`.trim();
    byPlace.set(`${lat},${lng}`, { mlsId: l.mlsId, address, postalCode: l.address?.postalCode ?? null, lat, lng });
  }
  const homes = [...byPlace.values()].slice(0, wantedHomes);
  const { id: _id, created_at: _c, updated_at: _u, dedupe_key: _d, ...template } = report;
  const reportIds = homes.map(() => randomBytes(16).toString('base64url'));
  for (let i = 0; i < homes.length; i += 500) {
    await db.insert(schema.consumer_reports).values(
      homes.slice(i, i + 500).map((h, k) => ({
        ...template,
        id: reportIds[i + k]!,
        property_address: h.address,
        place: { mlsId: String(h.mlsId), postalCode: h.postalCode, latitude: h.lat, longitude: h.lng },
      })),
    );
  }
  const rows = Array.from({ length: n }, (_, i) => ({
    report_id: reportIds[i % reportIds.length]!,
    agent_id: report.agent_id,
    email: `owner${i}@example.com`,
    frequency: 'monthly' as const,
    consent_text: 'bench',
    consent_version: 1,
    consent_text_sha256: '0'.repeat(64),
    consent_at: new Date(),
    consent_ip: null,
    consent_user_agent: null,
    unsubscribe_token: `bench-token-${String(i).padStart(8, '0')}`,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(schema.home_subscriptions).values(rows.slice(i, i + 1000));
  console.log(
    `${n} subscriptions to ${homes.length} homes; one cycle as of ${AS_OF} (${system.queue.kind}, WORKER_CONCURRENCY ${system.config.WORKER_CONCURRENCY})…`,
  );

  const profiler = typeof args['cpu-profile'] === 'string' ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await system.queue.enqueue(PLAN_HOME_UPDATES, { as_of: AS_OF });
  let lastPrint = t0;
  let printedPlan = false;
  const counts = await pollUntil(
    async () => {
      const c = await homeUpdateCounts(db, PERIOD);
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      if (seen.plannedAt && !printedPlan) {
        printedPlan = true;
        console.log(`  plan: ${((seen.plannedAt - t0) / 1000).toFixed(1)} s (${n} rows and jobs, batches of 500 subscriptions)`);
      }
      if (performance.now() - lastPrint > 60_000) {
        lastPrint = performance.now();
        console.log(`  … ${((lastPrint - t0) / 1000).toFixed(0)} s: ${JSON.stringify(c)}`);
      }
      return seen.plannedAt && total === n && !c.pending && !c.sending ? c : undefined;
    },
    6 * 3600_000,
    500,
  );
  const seconds = (performance.now() - t0) / 1000;
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    fs.writeFileSync(String(args['cpu-profile']), JSON.stringify(profile));
    profiler.disconnect();
  }
  const cpu = process.cpuUsage(cpu0);
  const ms = [...seen.sendMs].sort((a, b) => a - b);
  console.log(`  one cycle: ${seconds.toFixed(1)} s, ${(n / seconds).toFixed(1)} updates/s; by status ${JSON.stringify(counts)}`);
  console.log(`  per update (job start to e-mail accepted): p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`);
  console.log(
    `  CPU of this process during the cycle: ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s (${((cpu.user + cpu.system) / 1000 / n).toFixed(0)} ms an update)`,
  );
  console.log(
    `  peak RSS (the whole process: PGlite, the local MLS's sales, the API and the worker): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  await system.stop();
}
