/**
 * Exactly once by reconciliation (decision 0011), on a real database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL) and the local Twilio-compatible server with injected faults.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  claimSms,
  getSmsLog,
  isOptedOut,
  listSmsLogs,
  listSmsStatusEvents,
  recordSmsAccepted,
  recordSmsDeliveryStatus,
  updateSmsLog,
  type Database,
} from '@opencma/db';
import { createOutboxSender, createTwilioSender, startLocalTwilioServer, type LocalTwilioServer, type SmsSender } from '@opencma/sms';
import { reconcileStaleSms } from '../src/sms/reconcile';
import { sendSmsOnce } from '../src/sms/send';
import { createTestDatabase } from '../../../tests/helpers/test-database';
import { insertTestReport } from '../../../tests/helpers/test-report';

const accountSid = `AC${'d4'.repeat(16)}`;
const authToken = 'exactly-once-auth-token';
const logger = pino({ level: 'silent' });
const fast = [20, 20, 20];

describe('texts exactly once by reconciliation', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let twilio: LocalTwilioServer;
  let sms: SmsSender;
  let phone = 0;
  const nextPhone = () => `+1201555${String(1000 + ++phone)}`;
  const later = (ms: number) => () => new Date(Date.now() + ms);

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    twilio = await startLocalTwilioServer({ accountSid, authToken });
    sms = createTwilioSender({ accountSid, authToken, from: '+12065550100', baseUrl: twilio.url, timeoutMs: 300 });
  });
  afterAll(async () => {
    await twilio?.close();
    await drop?.();
  });
  beforeEach(() => twilio.reset());

  async function text(to = nextPhone()) {
    const report = await insertTestReport(database, { consumer_phone: to });
    return { report_id: report.id, recipient_role: 'consumer' as const, to, body: `Your report is ready: https://x.test/r/${report.id}` };
  }
  const deps = () => ({ db: database.db, sms, logger, retryDelaysMs: fast });

  it('accept-then-timeout: the message is looked up and adopted, never posted again', async () => {
    const input = await text();
    twilio.hangNext();
    expect(await sendSmsOnce(deps(), input)).toBe('sent');
    expect(twilio.requestCount).toBe(1);
    expect(twilio.messages).toHaveLength(1);
    const [row] = await listSmsLogs(database.db, { reportId: input.report_id });
    expect(row).toMatchObject({ status: 'queued', provider_message_id: twilio.messages[0]!.sid, attempts: 1 });
  });

  it('a 5xx after nothing was stored: looked up, not found, sent once', async () => {
    const input = await text();
    twilio.failNext(20500, 500, 1);
    expect(await sendSmsOnce(deps(), input)).toBe('sent');
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.listCount).toBe(1);
  });

  it('an outcome that cannot be resolved stays sending; the reconciler adopts the message later', async () => {
    const input = await text();
    // The message is accepted but the answer never comes, and the provider cannot be asked afterwards.
    twilio.hangNext(1);
    const slowLookups: SmsSender = { ...sms, findSent: async () => Promise.reject(new Error('provider unreachable')) };
    expect(await sendSmsOnce({ ...deps(), sms: slowLookups }, input)).toBe('unresolved');
    const [left] = await listSmsLogs(database.db, { reportId: input.report_id });
    expect(left?.status).toBe('sending');
    twilio.reset();
    twilio.messages.push({ ...(await acceptedCopy(input.to, input.body)) });

    // Not stale yet: nothing happens.
    expect(await reconcileStaleSms({ ...deps(), now: () => new Date() }, { staleAfterMs: 60_000 })).toEqual([]);
    expect(await reconcileStaleSms({ ...deps(), now: later(120_000) }, { staleAfterMs: 60_000 })).toEqual(['sent']);
    expect(twilio.requestCount).toBe(0);
    const row = await getSmsLog(database.db, left!.id);
    expect(row).toMatchObject({ status: 'queued', provider_message_id: twilio.messages[0]!.sid });
  });

  /** A message the provider holds (as if accepted before the worker died), without sending through the API. */
  async function acceptedCopy(to: string, body: string) {
    const other = await startLocalTwilioServer({ accountSid, authToken });
    try {
      await createTwilioSender({ accountSid, authToken, from: '+12065550100', baseUrl: other.url }).send({ to, body });
      return other.messages[0]!;
    } finally {
      await other.close();
    }
  }

  it('worker died during back-off: two reconcilers at once send the text exactly once', async () => {
    const input = await text();
    const claimed = await claimSms(database.db, { ...input, provider: 'twilio' });
    await updateSmsLog(database.db, claimed!.id, { attempts: 1, error_code: '20503' }); // one refused try, then the worker died
    const now = later(10 * 60_000);
    const results = await Promise.all([
      reconcileStaleSms({ ...deps(), now }, { staleAfterMs: 60_000 }),
      reconcileStaleSms({ ...deps(), now }, { staleAfterMs: 60_000 }),
    ]);
    expect(results.flat()).toEqual(['sent']);
    expect(twilio.messages.filter((m) => m.to === input.to)).toHaveLength(1);
    expect(await getSmsLog(database.db, claimed!.id)).toMatchObject({ status: 'queued', attempts: 2 });
    // Resolved rows are not picked up again.
    expect(await reconcileStaleSms({ ...deps(), now: later(60 * 60_000) }, { staleAfterMs: 60_000 })).toEqual([]);
  });

  it('a live sender whose claim was taken over stops instead of sending', async () => {
    const input = await text();
    twilio.failNext(20429, 429, 1);
    // The sender is refused once and waits 5 s to retry; meanwhile a reconciler takes the row over.
    const sending = sendSmsOnce({ ...deps(), retryDelaysMs: [5000] }, input);
    for (let i = 0; i < 600; i++) {
      const [row] = await listSmsLogs(database.db, { reportId: input.report_id });
      if (row?.status === 'sending' && row.attempts >= 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await reconcileStaleSms({ ...deps(), now: later(10 * 60_000) }, { staleAfterMs: 60_000 })).toEqual(['sent']);
    expect(await sending).toBe('skipped');
    expect(twilio.messages.filter((m) => m.to === input.to)).toHaveLength(1);
  });

  it('callbacks before the SID is recorded are stored once each and applied when it is', async () => {
    const input = await text();
    const claimed = await claimSms(database.db, { ...input, provider: 'twilio' });
    const sid = `SM${'e5'.repeat(16)}`;
    expect(await recordSmsDeliveryStatus(database.db, { providerMessageId: sid, status: 'sent' })).toEqual({ result: 'stored', duplicate: false });
    expect(await recordSmsDeliveryStatus(database.db, { providerMessageId: sid, status: 'delivered' })).toEqual({
      result: 'stored',
      duplicate: false,
    });
    expect(await recordSmsDeliveryStatus(database.db, { providerMessageId: sid, status: 'delivered' })).toEqual({
      result: 'stored',
      duplicate: true,
    });
    await recordSmsAccepted(database.db, claimed!.id, { providerMessageId: sid, status: 'queued', attempts: 1 });
    expect(await getSmsLog(database.db, claimed!.id)).toMatchObject({ status: 'delivered', provider_message_id: sid });
    expect((await listSmsStatusEvents(database.db, sid)).map((e) => e.status).sort()).toEqual(['delivered', 'sent']);
  });

  it('a callback carrying the row handle names the message before the 201 is read', async () => {
    const input = await text();
    const claimed = await claimSms(database.db, { ...input, provider: 'twilio' });
    const sid = `SM${'f6'.repeat(16)}`;
    expect(await recordSmsDeliveryStatus(database.db, { providerMessageId: sid, status: 'sent', smsLogId: claimed!.id })).toMatchObject({
      result: 'updated',
    });
    expect(await getSmsLog(database.db, claimed!.id)).toMatchObject({ status: 'sent', provider_message_id: sid });
    // The late 201 ("queued") does not move it backwards.
    await recordSmsAccepted(database.db, claimed!.id, { providerMessageId: sid, status: 'queued', attempts: 1 });
    expect((await getSmsLog(database.db, claimed!.id))?.status).toBe('sent');
  });

  it('error 21610 records an opt-out: the next text to that number is suppressed', async () => {
    const first = await text();
    twilio.failNext(21610, 400, 1, 'Attempt to send to unsubscribed recipient');
    expect(await sendSmsOnce(deps(), first)).toBe('failed');
    expect(await isOptedOut(database.db, first.to)).toBe(true);
    const second = await text(first.to);
    expect(await sendSmsOnce(deps(), second)).toBe('suppressed');
    expect(twilio.requestCount).toBe(1);
  });

  it('outbox rows left sending are completed, not sent', async () => {
    const input = await text();
    const claimed = await claimSms(database.db, { ...input, provider: 'outbox' });
    const results = await reconcileStaleSms({ ...deps(), sms: createOutboxSender(), now: later(10 * 60_000) }, { staleAfterMs: 60_000 });
    expect(results).toEqual(['completed_outbox']);
    expect(await getSmsLog(database.db, claimed!.id)).toMatchObject({ status: 'sent' });
  });
});
