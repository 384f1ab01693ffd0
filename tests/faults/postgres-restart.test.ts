/**
 * PostgreSQL (the private one) stopped and started again: while it is down the API answers quickly
 * with 503s in the standard error shape (readiness and submissions), never hangs or 500s; once it is
 * back the API and the worker recover without a restart, and reports accepted before the outage complete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/poll';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: PostgreSQL restart fault test: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('fault: PostgreSQL restarted (API and worker processes, BullMQ)', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    system = await startFaultSystem({
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_PENDING_AFTER_MS: '3000',
      SWEEPER_PROCESSING_AFTER_MS: '8000',
      JOB_ATTEMPTS: '3',
    });
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('answers 503 quickly while the database is down and recovers after it restarts', async () => {
    const api = system.api!.url;
    // Reports submitted just before the outage (some still being processed when it starts).
    system.mls.setFaults({ latencyMs: 200 });
    const before: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await system.submit(200 + i);
      expect(res.status).toBe(202);
      before.push(res.body.report_id);
    }

    await system.pg.stop('fast');
    try {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const ready = await fetch(`${api}/readyz`, { signal: AbortSignal.timeout(10_000) });
        const readyMs = performance.now() - t0;
        expect(ready.status).toBe(503);
        expect((await ready.json()).checks.database).not.toBe('ok');
        expect(readyMs).toBeLessThan(3000);

        const res = await system.submit(210 + i, 10_000);
        console.info(`postgres down: /readyz 503 in ${Math.round(readyMs)} ms; POST ${res.status} in ${Math.round(res.ms)} ms`);
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ error: { code: 'service_unavailable', message: expect.any(String) } });
        expect(res.ms).toBeLessThan(5000);

        const get = await fetch(`${api}/v1/consumer-reports/${before[0]}`, { signal: AbortSignal.timeout(10_000) });
        expect(get.status).toBe(503);
      }
      // The worker process stays up through the outage (its readiness says why it is not ready).
      const workerReady = await fetch(`${system.worker!.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect(workerReady.status).toBe(503);
    } finally {
      await system.pg.start();
    }
    system.mls.setFaults({});

    // Recovers without restarting anything.
    await pollUntil(async () => ((await fetch(`${api}/readyz`)).status === 200 ? true : undefined), 20_000, 200);
    const after = await system.submit(220);
    expect(after.status).toBe(202);
    expect(system.api!.exited()).toBe(false);
    expect(system.worker!.exited()).toBe(false);

    const ids = [...before, after.body.report_id as string];
    const rows = await waitForReports(system, ids, 60_000);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    // Each person's text for every report (a lead is never lost, even when the outage hit mid-job).
    const sent = async () =>
      (await system.query<{ n: number }>(`select count(*)::int as n from sms_logs where report_id = any($1) and status = 'sent'`, [ids]))[0]!.n;
    const n = await pollUntil(async () => ((await sent()) === ids.length * 2 ? ids.length * 2 : undefined), 15_000, 250).catch(async () => {
      const rows = await system.query(
        `select r.id, r.status, s.recipient_role, s.status as sms from consumer_reports r left join sms_logs s on s.report_id = r.id where r.id = any($1)`,
        [ids],
      );
      throw new Error(`texts missing: ${JSON.stringify(rows)}`);
    });
    expect(n).toBe(ids.length * 2);
  }, 150_000);
});
