/**
 * "Nobody is texted twice and no text is lost" under real faults (issue #21, decision 0011): the API
 * and worker run as production processes on a private PostgreSQL and Redis (BullMQ); texts go
 * through the real Twilio client to the local Twilio-compatible server in this process, which
 * reports delivery with signed status callbacks to the API and injects the faults.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { benchPhone } from '../../scripts/bench/addresses';
import { computeTwilioSignature, startLocalTwilioServer, type LocalTwilioServer } from '@opencma/sms';
import { pollUntil } from '../helpers/poll';
import { startFaultSystem, waitForReports, type FaultSystem } from '../helpers/fault-system';
import { privateServicesUnavailable } from '../helpers/private-services';

const unavailable = privateServicesUnavailable();
if (unavailable) console.warn(`SKIPPED: sms exactly-once fault test: ${unavailable}`);

const ACCOUNT_SID = `AC${'7e'.repeat(16)}`;
const AUTH_TOKEN = 'fault-test-auth-token';
const AGENT_PHONE = '+12065550142';

interface Row {
  id: string;
  recipient_role: string;
  to: string;
  status: string;
  provider_message_id: string | null;
  attempts: number;
  error_code: string | null;
}

describe.skipIf(Boolean(unavailable))('fault: texts exactly once through Twilio (timeouts, kills, early callbacks, opt-outs)', () => {
  let system: FaultSystem;
  let twilio: LocalTwilioServer;
  let submission = 100;

  beforeAll(async () => {
    twilio = await startLocalTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, deliver: true });
    system = await startFaultSystem({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: '+12065550100',
      TWILIO_BASE_URL: twilio.url,
      TWILIO_TIMEOUT_MS: '1000',
      SMS_RECONCILE_AFTER_MS: '7000',
      SWEEPER_INTERVAL_MS: '1000',
      QUEUE_LOCK_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    });
    system.env.TWILIO_STATUS_CALLBACK_URL = `${system.apiUrl}/v1/webhooks/twilio/status`;
    await system.startApi();
    await system.startWorker();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await twilio?.close();
  });
  beforeEach(() => twilio.reset());

  const rows = (reportId: string) =>
    system.query<Row>(
      'select id, recipient_role, "to", status, provider_message_id, attempts, error_code from sms_logs where report_id = $1 order by recipient_role',
      [reportId],
    );
  const messagesTo = (to: string, reportId: string) => twilio.messages.filter((m) => m.to === to && m.body.includes(reportId));

  async function submit(): Promise<{ id: string; phone: string }> {
    const i = submission++;
    const res = await system.submit(i);
    expect(res.status).toBe(202);
    return { id: res.body.report_id as string, phone: benchPhone(i) };
  }

  /** Both texts final (delivered) at the provider and in sms_logs. */
  async function delivered(reportId: string, timeoutMs = 60_000): Promise<Row[]> {
    return pollUntil(
      async () => {
        const r = await rows(reportId);
        return r.length === 2 && r.every((x) => x.status === 'delivered') ? r : undefined;
      },
      timeoutMs,
      100,
    );
  }

  function exactlyOneEach(id: string, phone: string, final: Row[]) {
    const consumer = messagesTo(phone, id);
    const agent = messagesTo(AGENT_PHONE, id);
    expect(consumer).toHaveLength(1);
    expect(agent).toHaveLength(1);
    expect(final.map((r) => r.provider_message_id).sort()).toEqual([agent[0]!.sid, consumer[0]!.sid].sort());
  }

  it('accept-then-timeout, slow callbacks: the worker looks the message up and adopts it — 1 message at the provider', async () => {
    // Callbacks come late, so only the lookup can tell the worker that the hung send was accepted.
    twilio.setFaults({ callbackDelayMs: 5000 });
    twilio.hangNext(1);
    const { id, phone } = await submit();
    await waitForReports(system, [id], 60_000);
    const final = await delivered(id);
    exactlyOneEach(id, phone, final);
    // One request hung (and was adopted after a lookup), the other was answered: two POSTs.
    expect(twilio.requestCount).toBe(2);
    expect(twilio.listCount).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('accept-then-timeout, prompt callbacks: the callback names the message (the `sms` handle) — 1 message at the provider', async () => {
    twilio.hangNext(1);
    const { id, phone } = await submit();
    const final = await delivered(id);
    exactlyOneEach(id, phone, final);
    expect(twilio.requestCount).toBe(2);
  }, 120_000);

  it('callbacks before the 201: final status right, each (SID, status) event stored once', async () => {
    twilio.callbacksBeforeResponseNext(2);
    const { id, phone } = await submit();
    const final = await delivered(id);
    exactlyOneEach(id, phone, final);
    // Twilio sends a callback again (a retry on its side): still stored once.
    const sid = final[0]!.provider_message_id!;
    expect(await twilio.sendStatusCallback(sid, 'delivered')).toBe(204);
    const events = await system.query<{ provider_message_id: string; status: string; n: string }>(
      'select provider_message_id, status, count(*)::text as n from sms_status_events where provider_message_id = any($1) group by 1, 2 order by 1, 2',
      [final.map((r) => r.provider_message_id)],
    );
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.n === '1')).toBe(true);
    expect(events.map((e) => e.status).sort()).toEqual(['delivered', 'delivered', 'sent', 'sent']);
  }, 120_000);

  it('worker killed during the SMS retry back-off: after recovery each text is sent exactly once', async () => {
    twilio.failNext(20429, 429, 1000);
    const { id, phone } = await submit();
    // Both texts refused once (429) and waiting to retry: kill the worker now.
    await pollUntil(
      async () => {
        const r = await rows(id);
        return r.length === 2 && r.every((x) => x.status === 'sending' && x.attempts >= 1) ? true : undefined;
      },
      60_000,
      20,
    );
    const killed = system.worker!;
    await killed.stop('SIGKILL');
    expect(killed.exited()).toBe(true);
    expect(twilio.messages).toHaveLength(0);
    twilio.reset(); // Twilio accepts again

    await system.startWorker();
    const [report] = await waitForReports(system, [id], 60_000);
    expect(report!.status).toBe('completed');
    const final = await delivered(id, 90_000);
    exactlyOneEach(id, phone, final);
  }, 180_000);

  it('"stop texting me" opts the number out: its next text is suppressed, the agent still gets the lead', async () => {
    const phone = benchPhone(submission);
    const inboundUrl = `${system.apiUrl}/v1/webhooks/twilio/inbound`;
    const params = { From: phone, To: '+12065550100', Body: 'stop texting me' };
    const res = await fetch(inboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, inboundUrl, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    const { id } = await submit();
    await waitForReports(system, [id], 60_000);
    const final = await pollUntil(async () => {
      const r = await rows(id);
      return r.length === 2 && r.find((x) => x.recipient_role === 'agent')?.status === 'delivered' ? r : undefined;
    }, 60_000);
    expect(final.find((r) => r.recipient_role === 'consumer')).toMatchObject({ status: 'suppressed', provider_message_id: null });
    expect(messagesTo(phone, id)).toHaveLength(0);
    expect(messagesTo(AGENT_PHONE, id)).toHaveLength(1);
  }, 120_000);
});
