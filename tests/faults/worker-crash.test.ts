/**
 * kill -9 of a worker process in the middle of a job: another worker finishes the report, and each
 * person gets exactly one text. Runs the production processes (scripts/start-api.ts and
 * scripts/start-worker.ts) on a private PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/poll';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: worker crash fault test: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('fault: worker killed with SIGKILL mid-job (BullMQ, PostgreSQL)', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    system = await startFaultSystem({
      // A dead worker's job is recovered once its lock expires (BullMQ stalled-job check) …
      QUEUE_LOCK_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      // … and the sweeper would catch it too, later (it is the backstop, not what this test waits for).
      SWEEPER_INTERVAL_MS: '1000',
      SWEEPER_PROCESSING_AFTER_MS: '20000',
    });
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('completes the report on a new worker with exactly one text per recipient', async () => {
    // Slow MLS answers, so the kill lands while the job is waiting on the MLS.
    system.mls.setFaults({ latencyMs: 2000 });
    const res = await system.submit(1);
    expect(res.status).toBe(202);
    const id: string = res.body.report_id;

    await pollUntil(async () => ((await system.report(id))?.status === 'processing' ? true : undefined), 15_000, 25);
    const killed = system.worker!;
    await killed.stop('SIGKILL');
    expect(killed.exited()).toBe(true);

    const atKill = await system.report(id);
    expect(atKill?.status).toBe('processing');
    expect(await system.smsLogs(id)).toHaveLength(0);

    system.mls.setFaults({ latencyMs: 50 });
    const started = Date.now();
    await system.startWorker();
    const [report] = await waitForReports(system, [id], 45_000);
    console.info(`worker crash: report ${report!.status} ${Date.now() - started} ms after the new worker started (attempts ${report!.attempts})`);
    expect(report!.status).toBe('completed');
    expect(report!.attempts).toBeGreaterThanOrEqual(2);

    const texts = await pollUntil(async () => {
      const rows = await system.smsLogs(id);
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 10_000);
    expect(texts.map((t) => t.recipient_role)).toEqual(['agent', 'consumer']);
    expect(texts.every((t) => t.provider === 'outbox')).toBe(true);

    // The API's view of the outbox agrees: one text per recipient for this report.
    const outbox = await (await fetch(`${system.api!.url}/v1/dev/outbox?report_id=${id}`)).json();
    expect(outbox.messages).toHaveLength(2);
    expect(outbox.messages.map((m: { recipient_role: string }) => m.recipient_role).sort()).toEqual(['agent', 'consumer']);

    // A little later nothing more has been sent (no duplicate run texts anyone).
    await new Promise((r) => setTimeout(r, 2000));
    expect(await system.smsLogs(id)).toHaveLength(2);
  }, 120_000);
});
