/**
 * The MLS down (every request failing, then the server gone): reports fail cleanly after the last
 * try (status failed, a reason) and the agent still gets the lead; the consumer is told plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApp } from '../helpers/app-processes';
import { freePort } from '../helpers/free-port';
import { pollUntil } from '../helpers/poll';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: MLS down fault test: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('fault: MLS down (API and worker processes, BullMQ, PostgreSQL)', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    system = await startFaultSystem({ JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '500' });
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  async function expectFailedWithLead(id: string) {
    const [report] = await waitForReports(system, [id], 60_000);
    expect(report!.status).toBe('failed');
    expect(report!.failure_reason).toMatch(/Property data could not be retrieved/);
    const texts = await pollUntil(async () => {
      const rows = await system.smsLogs(id);
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 10_000);
    const agent = texts.find((t) => t.recipient_role === 'agent')!;
    const consumer = texts.find((t) => t.recipient_role === 'consumer')!;
    expect(agent.to).toBe('+12065550142');
    expect(agent.body).toMatch(/^New CMA lead: \(201\) 555-\d{4} for /);
    expect(consumer.body).toMatch(/will follow up/);
    // The public report says what happened.
    const pub = await (await fetch(`${system.api!.url}/v1/consumer-reports/${id}`)).json();
    expect(pub.status).toBe('failed');
  }

  it('fails the report with a reason and still texts the agent the lead when every MLS request errors', async () => {
    system.mls.setFaults({ errorRate: 1, errorStatus: 503 });
    const res = await system.submit(400);
    expect(res.status).toBe(202);
    await expectFailedWithLead(res.body.report_id);
  }, 90_000);

  it('fails the report at once, without retries, when the MLS refuses the credentials (401)', async () => {
    system.mls.setFaults({});
    // A worker with a wrong SimplyRETS secret (the MLS answers 401); the usual worker is put back after.
    await system.worker!.stop('SIGTERM', 10_000);
    const misconfigured = await spawnApp('worker', { ...system.env, SIMPLYRETS_SECRET: 'not-the-secret' }, await freePort());
    try {
      const res = await system.submit(402);
      expect(res.status).toBe(202);
      const id = res.body.report_id as string;
      await expectFailedWithLead(id);
      const report = (await system.report(id))!;
      expect(report.failure_reason).toMatch(/MLS answered 401/);
      expect(report.attempts).toBe(1); // JOB_ATTEMPTS is 2: a refusal is not tried again
    } finally {
      await misconfigured.stop('SIGTERM', 10_000);
      await system.startWorker();
    }
  }, 90_000);

  it('does the same when the MLS server is gone (connection refused)', async () => {
    system.mls.setFaults({});
    await system.mls.close();
    const res = await system.submit(401);
    expect(res.status).toBe(202);
    await expectFailedWithLead(res.body.report_id);
  }, 90_000);
});
