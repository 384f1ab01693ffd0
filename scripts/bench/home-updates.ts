/**
 * One cycle of homeowners' value updates over many subscriptions, on embedded defaults (PGlite,
 * pg-boss, local MLS and SMTP servers; decision 0028):
 *
 *   npm run bench:home-updates [-- --subscriptions 10000]
 *
 * Makes one completed report (MLS_AS_OF 2015-03-31), subscribes N addresses to it, then times one
 * cycle as of 2015-05-01: planning (rows + one job each) and every send (valued again, e-mailed).
 * Prints the numbers; asserts nothing.
 */
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, homeUpdateCounts, schema } from '@opencma/db';
import { PLAN_HOME_UPDATES } from '@opencma/queue';
import { createLogger, startSystem } from '@opencma/runtime';
import { pollUntil } from '../../tests/helpers/poll';
import { testConfig } from '../../tests/helpers/test-config';
import { parseArgs } from '../lib/args';

const args = parseArgs(process.argv.slice(2));
const n = Number(args.subscriptions ?? 10_000);
if (!Number.isInteger(n) || n < 1) throw new Error('--subscriptions must be a positive whole number');

const system = await startSystem(
  testConfig({ PDF_DISABLED: 'true', DEDUPE_WINDOW_HOURS: '0', MLS_AS_OF: '2015-03-31', HOME_UPDATES_CRON: 'off', SWEEPER_INTERVAL_MS: '600000' }),
  { logger: createLogger({ LOG_LEVEL: 'silent' }, 'bench'), listen: false, apiLogger: false },
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
  const rows = Array.from({ length: n }, (_, i) => ({
    report_id: report.id,
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
  console.log(`${n} subscriptions; running one cycle as of 2015-05-01 (${system.queue.kind})…`);

  const t0 = performance.now();
  await system.queue.enqueue(PLAN_HOME_UPDATES, { as_of: '2015-05-01' });
  let planned = 0;
  const counts = await pollUntil(
    async () => {
      const c = await homeUpdateCounts(db, '2015-05');
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      if (!planned && total === n) {
        planned = performance.now();
        console.log(`  planned ${n} updates in ${((planned - t0) / 1000).toFixed(1)} s`);
      }
      return total === n && !c.pending && !c.sending ? c : undefined;
    },
    6 * 3600_000,
    1000,
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  one cycle: ${seconds.toFixed(1)} s (${(n / seconds).toFixed(1)} updates/s); by status ${JSON.stringify(counts)}`);
  console.log(`  e-mails captured by the local SMTP server: ${system.localSmtp?.messages().length ?? 'n/a'}`);
} finally {
  await system.stop();
}
