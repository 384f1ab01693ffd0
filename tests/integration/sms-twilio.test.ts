import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSmsLogs, listSmsStatusEvents } from '@opencma/db';
import { computeTwilioSignature, createTwilioSender, startLocalTwilioServer, type LocalTwilioServer } from '@opencma/sms';
import { pollUnsettledSms } from '../../apps/worker/src/sms/poll-status';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { testConfig } from '../helpers/test-config';
import { pollUntil } from '../helpers/poll';
import { freePort } from '../helpers/free-port';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

describe('texts through Twilio (a local server speaking Twilio’s Messages API)', () => {
  let twilio: LocalTwilioServer;
  let system: RunningSystem;
  let statusUrl: string;
  let inboundUrl: string;

  beforeAll(async () => {
    twilio = await startLocalTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const apiPort = await freePort();
    statusUrl = `http://127.0.0.1:${apiPort}/v1/webhooks/twilio/status`;
    inboundUrl = `http://127.0.0.1:${apiPort}/v1/webhooks/twilio/inbound`;
    system = await startSystem(
      testConfig({
        API_PORT: String(apiPort),
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+12065550100',
        TWILIO_BASE_URL: twilio.url,
        TWILIO_STATUS_CALLBACK_URL: statusUrl,
        CHROME_PATH: '/nonexistent/chromium',
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), apiLogger: false },
    );
  });
  afterAll(async () => {
    await system?.stop();
    await twilio?.close();
  });
  beforeEach(() => twilio.reset());

  async function submitAndSettle(phone: string, address = '1156 N 93rd St, Seattle, WA 98103') {
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: 'demo',
        phone,
        address,
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    const id: string = res.json().report_id;
    await pollUntil(async () => {
      const status = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json().status;
      if (status !== 'completed' && status !== 'failed') return undefined;
      const logs = await listSmsLogs(system.database.db, { reportId: id });
      return logs.length === 2 && logs.every((l) => l.status !== 'pending' && l.status !== 'sending') ? true : undefined;
    }, 30_000);
    return { id, logs: await listSmsLogs(system.database.db, { reportId: id }) };
  }

  const signedPost = (url: string, params: Record<string, string>, signature = computeTwilioSignature(AUTH_TOKEN, url, params)) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });

  it('sends both texts with the right bodies, from the configured number, with a status callback', async () => {
    const { id, logs } = await submitAndSettle('(201) 555-0123');
    expect(twilio.messages).toHaveLength(2);
    const consumer = twilio.messages.find((m) => m.to === '+12015550123')!;
    const agent = twilio.messages.find((m) => m.to === '+12065550142')!;
    expect(consumer.body).toBe(
      `Your home value report from Jordan Avery of Evergreen Realty Group is ready: http://localhost:3000/r/${id} Reply STOP to opt out.`,
    );
    expect(agent.body).toMatch(
      new RegExp(
        `^New CMA lead: \\(201\\) 555-0123 for 1156 N 93rd St, Seattle, WA 98103\\. Estimate \\$\\d+K–\\$\\d+K\\. Lead: http://localhost:3000/agent/leads/${id}$`,
      ),
    );
    expect(consumer.from).toBe('+12065550100');
    // Each message's StatusCallback names its sms_logs row, so a callback can resolve a send whose answer was lost.
    const consumerRow = logs.find((l) => l.recipient_role === 'consumer')!;
    expect(consumer.statusCallback).toBe(`${statusUrl}?sms=${consumerRow.id}`);
    expect(logs.map((l) => l.provider_message_id).sort()).toEqual(twilio.messages.map((m) => m.sid).sort());
  });

  it('does not retry a permanent error (21211) and keeps the report viewable', async () => {
    twilio.failNext(21211, 400, 1);
    const { id, logs } = await submitAndSettle('(201) 555-0124');
    const failed = logs.filter((l) => l.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error_code).toBe('21211');
    expect(failed[0]!.attempts).toBe(1);
    expect(twilio.requestCount).toBe(2);
    expect(twilio.messages).toHaveLength(1);
    const report = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
    expect(report.status).toBe('completed');
  });

  it('retries a transient error (20429) and then sends exactly one message', async () => {
    twilio.failNext(20429, 429, 1);
    const { logs } = await submitAndSettle('(201) 555-0125');
    expect(logs.every((l) => l.status === 'queued')).toBe(true);
    expect(twilio.requestCount).toBe(3);
    expect(twilio.messages).toHaveLength(2);
    expect(logs.map((l) => l.attempts).sort()).toEqual([1, 2]);
  });

  it('asks Twilio for the status of a text whose delivery callback never came, once it is stale', async () => {
    const { logs } = await submitAndSettle('(201) 555-0128');
    expect(logs.every((l) => l.status === 'queued')).toBe(true);
    const logger = createLogger({ LOG_LEVEL: 'silent' }, 'test');
    const sms = createTwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+12065550100', baseUrl: twilio.url });
    const poll = (now: Date) => pollUnsettledSms({ db: system.database.db, sms, logger, now: () => now }, { staleAfterMs: 60_000 });
    // Still queued at Twilio: nothing new is recorded.
    expect(await poll(new Date(Date.now() + 120_000))).toBe(0);
    expect(await listSmsStatusEvents(system.database.db, logs[0]!.provider_message_id!)).toEqual([]);
    // Twilio delivered both; the callbacks were lost (e.g. the API or its database was down when they came).
    for (const m of twilio.messages) m.status = 'delivered';
    // Not stale yet: nothing is asked.
    expect(await poll(new Date())).toBe(0);
    expect(await poll(new Date(Date.now() + 120_000))).toBe(2);
    const after = await listSmsLogs(system.database.db, { reportId: logs[0]!.report_id! });
    expect(after.map((l) => l.status)).toEqual(['delivered', 'delivered']);
    // Settled texts are not asked about again.
    expect(await poll(new Date(Date.now() + 600_000))).toBe(0);
  });

  it('rejects a forged status callback, applies a signed one and never moves a status backwards', async () => {
    const { logs } = await submitAndSettle('(201) 555-0126');
    const sid = logs.find((l) => l.recipient_role === 'consumer')!.provider_message_id!;

    const forged = await signedPost(statusUrl, { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30007' }, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(forged.status).toBe(403);

    expect(await twilio.sendStatusCallback(sid, 'delivered')).toBe(204);
    const sent = await signedPost(statusUrl, { MessageSid: sid, MessageStatus: 'sent' });
    expect(sent.status).toBe(204);
    const after = (await listSmsLogs(system.database.db)).find((l) => l.provider_message_id === sid)!;
    expect(after.status).toBe('delivered');

    const agentSid = logs.find((l) => l.recipient_role === 'agent')!.provider_message_id!;
    expect(await twilio.sendStatusCallback(agentSid, 'undelivered', { errorCode: 30007 })).toBe(204);
    const agentRow = (await listSmsLogs(system.database.db)).find((l) => l.provider_message_id === agentSid)!;
    expect(agentRow).toMatchObject({ status: 'undelivered', error_code: '30007' });
  });

  it('sends nothing to a number that replied STOP, while the agent still gets the lead', async () => {
    const stop = await signedPost(inboundUrl, { From: '+12015550127', To: '+12065550100', Body: 'Stop' });
    expect(stop.status).toBe(200);
    const { logs } = await submitAndSettle('(201) 555-0127');
    expect(logs.find((l) => l.recipient_role === 'consumer')).toMatchObject({ status: 'suppressed', provider_message_id: null });
    expect(twilio.messages.map((m) => m.to)).toEqual(['+12065550142']);

    const start = await signedPost(inboundUrl, { From: '+12015550127', To: '+12065550100', Body: 'START' });
    expect(start.status).toBe(200);
    await submitAndSettle('(201) 555-0127', '12211 SE 65th St, Bellevue, WA 98006');
    expect(twilio.messages.filter((m) => m.to === '+12015550127')).toHaveLength(1);
  });
});
