/**
 * The value updates' open pixel and click-through under load (decision 0036), on embedded defaults
 * (PGlite, or PostgreSQL with TEST_DATABASE_URL; the API in process):
 *
 *   npm run bench:update-opens [-- --leads 200 --concurrency 10]
 *
 * Makes N completed leads with two sent updates each, then times, at a fixed number of requests in
 * flight: every update's first open (each re-scores its lead; half of the leads also asked for a CMA, so
 * their second open crosses "likely to sell"), repeat opens (counts only), clicks, and unknown tokens.
 * Prints the numbers; asserts nothing.
 */
import { buildApi } from '@opencma/api';
import { createHomeSubscription, ensureDemoAgent, insertReportEvent, schema, updateConsumerReport } from '@opencma/db';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKind } from '../../tests/helpers/test-database';
import { insertTestReport } from '../../tests/helpers/test-report';
import { testConfig } from '../../tests/helpers/test-config';
import { parseArgs } from '../lib/args';
import { latencySummary } from './percentile';

const args = parseArgs(process.argv.slice(2));
const leads = Number(args.leads ?? 200);
const concurrency = Number(args.concurrency ?? 10);
if (!Number.isInteger(leads) || leads < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  throw new Error('--leads and --concurrency must be positive whole numbers');
}
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const { database, drop } = await createTestDatabase();
const app = await buildApi(
  {
    config: testConfig(),
    database,
    queue: { enqueue: async () => null } as never,
    storage: { get: async () => null },
    suggestAddresses: async () => [],
  },
  { logger: false },
);
try {
  await ensureDemoAgent(database.db);
  const tokens: Array<[string, string]> = [];
  for (let i = 0; i < leads; i++) {
    const report = await insertTestReport(database, { property_address: `${i + 1} Bench St, Seattle, WA 98103` });
    await updateConsumerReport(database.db, report.id, { status: 'completed', completed_at: new Date() });
    if (i % 2 === 0) {
      const base = { device_type: null, browser: null, os: null, referrer: null, duration_ms: null, detail: null };
      await insertReportEvent(database.db, { ...base, report_id: report.id, event_type: 'cma.requested', session_id: `bench-session-${i}` });
    }
    const sub = await createHomeSubscription(database.db, {
      report_id: report.id,
      agent_id: report.agent_id,
      email: `owner${i}@example.com`,
      frequency: 'monthly',
      consent_text: 'ok',
      consent_version: 1,
      consent_at: new Date(),
      consent_ip: null,
      consent_user_agent: null,
    });
    const pair = ['2015-05', '2015-06'].map((period, k) => ({
      subscription_id: sub.id,
      period,
      status: 'sent' as const,
      sent_at: new Date(Date.now() - 86_400_000),
      tracking_token: `bench${String(i).padStart(6, '0')}${k}${'x'.repeat(20)}`,
      tracked_links: [`http://localhost:3000/r/${report.id}`],
    }));
    await database.db.insert(schema.home_updates).values(pair);
    tokens.push([pair[0]!.tracking_token, pair[1]!.tracking_token]);
  }

  /** Runs `urls` with `concurrency` in flight; prints the rate and latencies. */
  async function run(label: string, urls: string[]) {
    const ms: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const url = urls[next++]!;
          const t = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { 'user-agent': UA } });
          if (res.statusCode !== 200 && res.statusCode !== 302) throw new Error(`${url}: ${res.statusCode}`);
          ms.push(performance.now() - t);
        }
      }),
    );
    const s = (performance.now() - started) / 1000;
    console.log(
      `${label.padEnd(34)} ${String(urls.length).padStart(6)} requests  ${(urls.length / s).toFixed(0).padStart(5)}/s  ${latencySummary(ms)}`,
    );
  }

  console.log(`${leads} leads × 2 updates, ${concurrency} in flight (${testDatabaseKind}, API in process)`);
  await run('first opens (scored)', [...tokens.map((t) => `/v1/home-updates/open/${t[0]}`), ...tokens.map((t) => `/v1/home-updates/open/${t[1]}`)]);
  await run(
    'repeat opens (counted)',
    tokens.flatMap((t) => [`/v1/home-updates/open/${t[0]}`, `/v1/home-updates/open/${t[1]}`]),
  );
  await run(
    'clicks (first: scored)',
    tokens.map((t) => `/v1/home-updates/click/${t[1]}/0`),
  );
  await run(
    'unknown tokens',
    tokens.map((_, i) => `/v1/home-updates/open/unknown${String(i).padStart(6, '0')}${'y'.repeat(20)}`),
  );
  const [likely] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.lead_events)
    .where(and(eq(schema.lead_events.type, 'lead.likely_to_sell')));
  console.log(`lead.likely_to_sell written: ${likely?.n} (expected ${Math.ceil(leads / 2)}: the leads that asked for a CMA)`);
} finally {
  await app.close();
  await drop();
}
