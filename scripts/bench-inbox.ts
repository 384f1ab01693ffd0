/**
 * `npm run bench:inbox`: the agent inbox with 10,000 leads for one agent (DESIGN §10 style: measured,
 * never asserted in tests). Seeds an agent with `--leads` reports (a third of them viewed), signs in
 * through the API (texted code from the outbox), then times `--requests` sequential
 * GET /v1/agent/leads over HTTP for the inbox's queries: first page, a later page, a status filter
 * and an address search. Prints p50/p95/p99 per query (the goal is p95 ≤ 100 ms) and the CPU time
 * this process (API and client; with PGlite also the database) spent per request, which a loaded
 * machine does not inflate the way it inflates wall-clock latency.
 *
 *   npm run bench:inbox                         embedded PGlite (in memory)
 *   DATABASE_URL=… npm run bench:inbox          PostgreSQL (use a throwaway database)
 *   npm run bench:inbox -- --leads 10000 --requests 200
 */
import { randomBytes } from 'node:crypto';
import { buildApi } from '@opencma/api';
import { loadConfig } from '@opencma/config';
import { createAgent, listSmsLogs, openDatabase, schema } from '@opencma/db';
import { createOutboxSender } from '@opencma/sms';
import { sql } from 'drizzle-orm';
import { percentile } from './bench/percentile';
import { parseArgs } from './lib/args';

const args = parseArgs(process.argv.slice(2));
const numberArg = (name: string, fallback: number) => (typeof args[name] === 'string' ? Number(args[name]) : fallback);
const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_SIGN_IN_PER_HOUR: '0',
  RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0',
  SMS_PROVIDER: 'outbox',
});

async function main() {
  const database = await openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { pgliteDir: 'memory://' });
  const phone = `+1206555${String(1000 + Math.floor(Math.random() * 8999)).slice(0, 4)}`;
  const agent = await createAgent(database.db, { name: 'Bench Agent', phone });
  const leads = numberArg('leads', 10_000);
  const t0 = Date.now();
  const streets = ['Aurora Ave N', 'NE 65th St', 'Rainier Ave S', 'California Ave SW', 'N 93rd St', 'Market St', 'Fremont Ave N'];
  const statuses = ['new', 'contacted', 'appointment', 'listed', 'closed', 'lost'] as const;
  for (let start = 0; start < leads; start += 1000) {
    const rows = [];
    const views = [];
    for (let i = start; i < Math.min(leads, start + 1000); i++) {
      const id = randomBytes(16).toString('base64url');
      rows.push({
        id,
        agent_id: agent.id,
        consumer_phone: `+1201555${String(i % 10_000).padStart(4, '0')}`,
        property_address: `${100 + (i % 9000)} ${streets[i % streets.length]}, Seattle, WA 981${String(i % 100).padStart(2, '0')}`,
        consent_text: 'I agree to be contacted.',
        consent_text_sha256: 'x'.repeat(64),
        consent_at: new Date(Date.now() - i * 60_000),
        created_at: new Date(Date.now() - i * 60_000),
        status: 'completed' as const,
        lead_status: statuses[i % statuses.length]!,
        estimate_value: 700_000 + (i % 500) * 1000,
      });
      if (i % 3 === 0) {
        for (let v = 0; v < 3; v++)
          views.push({
            report_id: id,
            event_type: v === 2 ? 'heartbeat' : 'view',
            session_id: `s${i}-${v % 2}`,
            device_type: 'mobile',
            duration_ms: v * 30_000,
          });
      }
    }
    await database.db.insert(schema.consumer_reports).values(rows);
    if (views.length) await database.db.insert(schema.report_views).values(views);
  }
  // what PostgreSQL's autovacuum does after a bulk insert (PGlite has no autovacuum): planner statistics
  await database.db.execute(sql`analyze consumer_reports, report_views, users`);
  console.log(`seeded ${leads} leads for one agent in ${((Date.now() - t0) / 1000).toFixed(1)} s (${database.kind})`);

  const api = await buildApi(
    { config, database, queue: {} as never, storage: { get: async () => null }, suggestAddresses: async () => [], sms: createOutboxSender() },
    { logger: false },
  );
  const base = await api.listen({ host: '127.0.0.1', port: 0 });
  await fetch(`${base}/v1/agent/sign-in/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: phone }),
  });
  let code: string | undefined;
  for (let i = 0; i < 100 && !code; i++) {
    const text = (await listSmsLogs(database.db, { limit: 10 })).find((m) => m.to === phone && m.purpose === 'sign_in');
    code = text ? /\b(\d{6})\b/.exec(text.body)?.[1] : undefined;
    if (!code) await new Promise((r) => setTimeout(r, 50));
  }
  const verify = await fetch(`${base}/v1/agent/sign-in/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: phone, code }),
  });
  const cookie = (verify.headers.get('set-cookie') ?? '').split(';')[0]!;

  const queries: [string, string][] = [
    ['first page', ''],
    ['page 200', 'page=200'],
    ['status filter', 'status=appointment'],
    ['address search', 'q=Aurora'],
  ];
  const requests = numberArg('requests', 200);
  for (const [label, query] of queries) {
    for (let i = 0; i < 10; i++) await (await fetch(`${base}/v1/agent/leads?${query}`, { headers: { cookie } })).arrayBuffer(); // warm-up
    const times: number[] = [];
    let total = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/v1/agent/leads?${query}`, { headers: { cookie } });
      const body = (await res.json()) as { total: number };
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
      total = body.total;
    }
    const used = process.cpuUsage(cpu);
    const cpuPerRequest = (used.user + used.system) / 1000 / requests;
    times.sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(
      `${label.padEnd(15)} (${String(total).padStart(5)} matching)  p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  p99 ${ms(percentile(times, 99))}  CPU ${ms(cpuPerRequest)}/req  ${percentile(times, 95) <= 100 ? 'OK (≤ 100 ms p95)' : 'OVER 100 ms p95'}`,
    );
  }
  await api.close();
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
