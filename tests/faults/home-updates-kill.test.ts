/**
 * kill -9 of the worker in the middle of a cycle of homeowners' value updates (issue #19, decision
 * 0037): a new worker finishes the cycle and, by the local SMTP server's outbox, no update is e-mailed
 * twice (by Message-ID, and by subscription and period); every update that was not in flight at the
 * kill is sent exactly once; the ones in flight (claimed, their message with the mail server) end
 * `unknown` — at most the worker's concurrency of them — and reached the outbox at most once. Runs the
 * production processes (scripts/start-api.ts, scripts/start-worker.ts) on a private PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSmtpServer, type LocalSmtpServer } from '@opencma/email';
import { pollUntil } from '../helpers/poll';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: home updates kill -9 fault test: ${unavailable}`);

const SUBSCRIPTIONS = 30;
const CONCURRENCY = 2;
const ADMIN_TOKEN = 'kill-test-admin-token-0123456789';

interface UpdateRow {
  id: string;
  subscription_id: string;
  period: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';
}

describe.skipIf(Boolean(unavailable))('fault: worker killed with SIGKILL mid-cycle of value updates (BullMQ, PostgreSQL)', () => {
  let system: FaultSystem;
  let smtp: LocalSmtpServer;

  beforeAll(async () => {
    smtp = await startLocalSmtpServer({ keep: 10_000 });
    system = await startFaultSystem({
      SMTP_URL: smtp.url,
      ADMIN_TOKEN,
      HOME_UPDATES_CRON: 'off',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      // A dead worker's jobs are taken up again once their lock expires (BullMQ stalled-job check) …
      QUEUE_LOCK_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      // … and the sweeper turns its claims into `unknown` (the shortest claim lifetime allowed).
      SWEEPER_INTERVAL_MS: '1000',
      HOME_UPDATE_CLAIM_STALE_MS: '10000',
    });
    await system.startApi();
    await system.startWorker();
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await smtp?.close();
  });

  const updates = () => system.query<UpdateRow>('select id, subscription_id, period, status from home_updates order by id');
  const byStatus = (rows: UpdateRow[], status: UpdateRow['status']) => rows.filter((r) => r.status === status);
  /** The home_updates id in a Message-ID `<home-update-{id}@domain>`. */
  const updateIdOf = (messageId: string | null) => /^<home-update-([^@>]+)@/.exec(messageId ?? '')?.[1] ?? null;

  it('a new worker finishes the cycle; nothing is e-mailed twice and every update not in flight is sent once', async () => {
    const res = await system.submit(0);
    expect(res.status).toBe(202);
    const reportId: string = res.body.report_id;
    const [report] = await waitForReports(system, [reportId], 120_000);
    expect(report!.status).toBe('completed');
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const sub = await fetch(`${system.api!.url}/v1/consumer-reports/${reportId}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `owner${i}@example.com`, frequency: 'monthly', consent: true, consent_version: 1 }),
      });
      expect(sub.status).toBe(201);
    }

    // A slow mail server: each message is with it for a while, so the kill lands while updates are in flight.
    smtp.slowDown(3000);
    const cycle = await fetch(`${system.api!.url}/v1/admin/home-updates/cycles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2015-04-01' }),
    });
    expect(cycle.status).toBe(202);
    expect((await cycle.json()).period).toBe('2015-04');

    // Kill once some are sent, while others are claimed (their message with the mail server) or pending.
    await pollUntil(
      async () => {
        const rows = await updates();
        return rows.length === SUBSCRIPTIONS && byStatus(rows, 'sent').length >= 6 && byStatus(rows, 'sending').length >= 1 ? true : undefined;
      },
      180_000,
      20,
    );
    const killed = system.worker!;
    await killed.stop('SIGKILL');
    expect(killed.exited()).toBe(true);

    const atKill = await updates();
    const sentAtKill = byStatus(atKill, 'sent');
    const inFlight = byStatus(atKill, 'sending');
    const pendingAtKill = byStatus(atKill, 'pending');
    console.info(`home updates kill -9: at the kill ${sentAtKill.length} sent, ${inFlight.length} in flight, ${pendingAtKill.length} pending`);
    expect(sentAtKill.length).toBeGreaterThanOrEqual(6);
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(inFlight.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(pendingAtKill.length).toBeGreaterThanOrEqual(1);

    smtp.slowDown(0);
    const started = Date.now();
    await system.startWorker();
    const final = await pollUntil(
      async () => {
        const rows = await updates();
        return rows.every((r) => r.status !== 'pending' && r.status !== 'sending') ? rows : undefined;
      },
      240_000,
      250,
    );
    console.info(`home updates kill -9: cycle finished ${Date.now() - started} ms after the new worker started`);

    // Every update that was not in flight was sent exactly once; the in-flight ones are unknown, never sent again.
    const inFlightIds = new Set(inFlight.map((r) => r.id));
    for (const row of final) expect(row.status).toBe(inFlightIds.has(row.id) ? 'unknown' : 'sent');

    // The outbox a moment later (an in-flight message may still have been with the mail server); the
    // homeowners' mail only (the agent's lead e-mail for the report goes through the same server).
    const toOwner = (m: { envelopeTo: string[] }) => m.envelopeTo.some((to) => /^owner\d+@example\.com$/.test(to));
    await pollUntil(async () => (smtp.messages().filter(toOwner).length >= SUBSCRIPTIONS - inFlight.length ? true : undefined), 30_000);
    const mails = smtp.messages().filter(toOwner);
    const ids = mails.map((m) => updateIdOf(m.messageId));
    expect(ids.every((id) => id !== null)).toBe(true);
    // no update twice, by Message-ID …
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
    // … and by subscription and period
    const rowOf = new Map(final.map((r) => [r.id, r]));
    const keys = ids.map((id) => {
      const row = rowOf.get(id!);
      expect(row).toBeDefined();
      return `${row!.subscription_id}/${row!.period}`;
    });
    expect(new Set(keys).size).toBe(mails.length);
    expect(new Set(mails.flatMap((m) => m.envelopeTo)).size).toBe(mails.length);
    // each update not in flight: exactly one e-mail; each in flight: at most one
    const count = (id: string) => ids.filter((x) => x === id).length;
    for (const row of final) {
      if (inFlightIds.has(row.id)) expect(count(row.id)).toBeLessThanOrEqual(1);
      else expect(count(row.id)).toBe(1);
    }
    expect(mails.length).toBeGreaterThanOrEqual(SUBSCRIPTIONS - inFlight.length);
    expect(mails.length).toBeLessThanOrEqual(SUBSCRIPTIONS);
  }, 600_000);
});
