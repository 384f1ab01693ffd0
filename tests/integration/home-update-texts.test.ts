/**
 * Value updates by text message (decision 0034) through the running system and a local server speaking
 * Twilio's Messages API: the opt-in with its own express consent, one text per (home, period) however
 * often a cycle or its jobs run, quiet hours (08:00–20:00 in the home's zone, deferred — never dropped —
 * to the next 08:00) driven through the worker's clock, STOP, and a worker that died mid-send.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { handOverHomeUpdateText, homeUpdateCounts, homeUpdateTextOf, recordOptOut, schema } from '@opencma/db';
import { SEND_HOME_UPDATE } from '@opencma/queue';
import { computeTwilioSignature, startLocalTwilioServer, type LocalTwilioServer } from '@opencma/sms';
import { createLogger, type RunningSystem } from '@opencma/runtime';
import { reconcileStaleSms, sweepHomeUpdates } from '@opencma/worker';
import {
  homeSubscriptions,
  homeUpdatesOf,
  planCycle,
  postSubscription,
  queueIdle,
  startHomeUpdatesSystem,
  unsubscribeOneClick,
} from '../helpers/home-updates';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { completedReport, requestReport } from '../helpers/test-system';

const ACCOUNT_SID = 'AC00000000000000000000000000000034';
const AUTH_TOKEN = 'home-update-texts-auth-token-0123';
const STATUS_URL = 'http://127.0.0.1:41201/v1/webhooks/twilio/status';
const INBOUND_URL = 'http://127.0.0.1:41201/v1/webhooks/twilio/inbound';
const PHONE = '+12065550134';
const logger = createLogger({ LOG_LEVEL: 'silent' }, 'test');

describe(`value updates by text (decision 0034; ${testDatabaseKind})`, () => {
  let twilio: LocalTwilioServer;
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  let reportId: string;
  /** The worker's clock: real time until a test sets it. */
  let clock: Date | null = null;
  const now = () => clock ?? new Date();

  beforeAll(async () => {
    twilio = await startLocalTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    ({ system, stop } = await startHomeUpdatesSystem(
      {
        MLS_AS_OF: '2015-03-31',
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+12065550100',
        TWILIO_BASE_URL: twilio.url,
        TWILIO_STATUS_CALLBACK_URL: STATUS_URL,
      },
      { logger, overrides: { now } },
    ));
    reportId = await requestReport(system, { phone: '(206) 555-0134' });
    await completedReport(system, reportId);
    // the report's own two texts
    await pollUntil(async () => (twilio.messages.length >= 2 ? true : undefined), 30_000);
  }, 180_000);
  afterAll(async () => {
    await stop?.();
    await twilio?.close();
  });

  const db = () => system.database.db;
  const subscriptions = () => homeSubscriptions(system);
  const updates = (period: string) => homeUpdatesOf(system, period);
  const textsTo = () => twilio.messages.filter((m) => m.to === PHONE && m.body.includes('home value update'));
  const subscribe = (payload: Record<string, unknown>, id = reportId) => postSubscription(system, id, payload);
  const textConsent = { channel: 'sms', frequency: 'monthly', sms_consent: true, sms_consent_version: 1 };
  const inbound = (body: string) => {
    const params = { From: PHONE, To: '+12065550100', Body: body };
    return system.api.inject({
      method: 'POST',
      url: '/v1/webhooks/twilio/inbound',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, INBOUND_URL, params) },
      payload: new URLSearchParams(params).toString(),
    });
  };
  const sweep = () => sweepHomeUpdates({ database: system.database, logger, now }, system.queue, { claimStaleAfterMs: 10 * 60_000 });
  /** Waits until an update's text has left `sending` (the worker hands it over, then calls Twilio). */
  const handedToTwilio = (updateId: string) =>
    pollUntil(async () => {
      const text = await homeUpdateTextOf(db(), updateId);
      return text && text.status !== 'sending' ? text : undefined;
    }, 60_000);
  /** Queues a cycle at `asOf` and waits until its planning is done and every update of the period is settled or deferred. */
  const cycle = async (asOf: string) => {
    await planCycle(system, asOf);
    return pollUntil(async () => {
      const rows = await updates(asOf.slice(0, 7));
      return rows.every((r) => (r.status === 'pending' && r.not_before) || (r.status !== 'pending' && r.status !== 'sending')) ? rows : undefined;
    }, 120_000);
  };

  it('bad input is a 400 (unknown report 404) and stores nothing: texts without their consent, old versions, no channel', async () => {
    for (const bad of [
      { ...textConsent, sms_consent: undefined },
      { ...textConsent, sms_consent: false },
      { ...textConsent, sms_consent_version: 99 },
      { ...textConsent, sms_consent_version: undefined },
      { ...textConsent, channel: 'pigeon' },
      // both: the e-mail part needs its address and its own consent too
      { ...textConsent, channel: 'both' },
      { ...textConsent, channel: 'both', email: 'pat@example.com' },
    ]) {
      const res = await subscribe(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(await subscriptions()).toHaveLength(0);
    expect((await subscribe({ ...textConsent, sms_consent: undefined })).json().error.fields).toHaveProperty('sms_consent');
    expect((await subscribe(textConsent, 'NoSuchReport0000000000')).statusCode).toBe(404);
    expect(await subscriptions()).toHaveLength(0);
  });

  it('is described in OpenAPI: the channel, the SMS consent fields, the 409 and the masked number', async () => {
    const spec = (await system.api.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const post = spec.paths['/v1/consumer-reports/{id}/subscriptions'].post;
    const props = post.requestBody.content['application/json'].schema.properties;
    expect(props.channel.enum).toEqual(['email', 'sms', 'both']);
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['email', 'consent', 'consent_version', 'sms_consent', 'sms_consent_version']));
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '303', '400', '404', '409']));
    expect(JSON.stringify(spec.components.schemas.ConsumerReport)).toContain('maskedPhone');
  });

  it('subscribes the report’s own number with its own consent record (immutable); the form without JavaScript gets a 303', async () => {
    // a number in the body is not the number texted: only the report's
    const json = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      payload: { ...textConsent, phone: '+12015550999' },
      headers: { 'user-agent': 'test-agent/1.0' },
    });
    expect(json.statusCode).toBe(201);
    expect(json.json()).toEqual({ status: 'active', frequency: 'monthly', channels: ['sms'] });
    const form = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'channel=sms&frequency=quarterly&sms_consent=on&sms_consent_version=1',
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/r/${reportId}?subscribed=1#updates`);
    const subs = await subscriptions();
    expect(subs).toHaveLength(1); // subscribing again keeps the first one (and its consent)
    const [sub] = subs;
    expect(sub).toMatchObject({
      channel: 'sms',
      phone: PHONE,
      email: null,
      frequency: 'monthly',
      time_zone: 'America/Los_Angeles',
      consent_version: 1,
    });
    expect(sub!.consent_text).toContain('recurring automated marketing text messages');
    expect(sub!.consent_text).toContain('(206) •••-••34');
    expect(sub!.consent_text_sha256).toBe(createHash('sha256').update(sub!.consent_text).digest('hex'));
    expect(sub!.consent_user_agent).toBe('test-agent/1.0');
    expect(sub!.consent_ip).toBeTruthy();
    for (const change of [sql`consent_text = 'something else'`, sql`phone = '+12015550999'`, sql`consent_at = now()`]) {
      await expect(db().execute(sql`update home_subscriptions set ${change} where id = ${sub!.id}`)).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }),
      });
    }
    // both channels: an e-mail subscription with the e-mail consent beside the text one (which stays the first)
    const both = await subscribe({ ...textConsent, channel: 'both', email: 'Pat@Example.com', consent: true, consent_version: 1 });
    expect(both.statusCode).toBe(201);
    expect(both.json().channels).toEqual(['email', 'sms']);
    const email = (await subscriptions()).find((s) => s.channel === 'email')!;
    expect(email).toMatchObject({ email: 'pat@example.com', phone: null, time_zone: null });
    expect(email.consent_text).toContain('may e-mail me an updated estimate');
    expect((await subscriptions()).filter((s) => s.channel === 'sms').map((s) => s.id)).toEqual([sub!.id]);
    // (ended again here so the cycles below concern the texts only)
    await unsubscribeOneClick(system, email.unsubscribe_token);
    // the report the page shows names the number masked, never the number
    const report = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${reportId}` })).json();
    expect(report.maskedPhone).toBe('(206) •••-••34');
    expect(JSON.stringify(report)).not.toContain('5550134');
  });

  it('a cycle at noon local sends one text through Twilio; the same period again and duplicated jobs send none', async () => {
    clock = new Date('2027-01-14T20:00:00Z'); // 12:00 in Seattle (PST)
    const rows = await cycle('2015-05-01');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.status).toBe('sent');
    expect(row!.estimate_value).not.toBeNull();
    await handedToTwilio(row!.id);
    const [text, ...more] = textsTo();
    expect(more).toHaveLength(0);
    expect(text!.body).toContain('Jordan Avery of Evergreen Realty Group: your home value update: 1156 N 93rd St');
    expect(text!.body).toContain(`$${row!.estimate_value!.toLocaleString('en-US')}`);
    expect(text!.body).toMatch(/(up|down) \$[\d,]+ since your first report|unchanged since your first report/);
    expect(text!.body).toContain(`http://localhost:3000/r/${reportId}/history`);
    expect(text!.body).toMatch(/Reply STOP to opt out\.$/);
    const log = (await homeUpdateTextOf(db(), row!.id))!;
    expect(log).toMatchObject({ purpose: 'home_update', report_id: null, to: PHONE, provider_message_id: text!.sid });
    expect(['queued', 'sent', 'delivered']).toContain(log.status);

    expect(await cycle('2015-05-01')).toHaveLength(1);
    for (let i = 0; i < 3; i++)
      await system.queue.enqueue(SEND_HOME_UPDATE, { update_id: row!.id, as_of: '2015-05-01' }, { dedupeKey: `again-${i}-${row!.id}` });
    await queueIdle(system, SEND_HOME_UPDATE);
    await sweep();
    await queueIdle(system, SEND_HOME_UPDATE);
    expect(textsTo()).toHaveLength(1);
  }, 300_000);

  it('quiet hours: a cycle at 22:00 local defers the text; the sweeper sends nothing before 08:00 and the text goes once at 08:00', async () => {
    clock = new Date('2027-01-15T06:00:00Z'); // 22:00 on the 14th in Seattle
    const [row] = await cycle('2015-06-01');
    expect(row).toMatchObject({ status: 'pending' });
    expect(row!.not_before!.toISOString()).toBe('2027-01-15T16:00:00.000Z'); // 08:00 PST
    expect(await homeUpdateCounts(db(), '2015-06')).toEqual({ deferred: 1 }); // npm run home-updates stops waiting for it
    expect(textsTo()).toHaveLength(1);

    clock = new Date('2027-01-15T15:59:00Z'); // 07:59
    expect((await sweep()).requeued).toBe(0);
    // a job for it now (a duplicate, or the delayed one early) defers again and sends nothing
    await system.queue.enqueue(SEND_HOME_UPDATE, { update_id: row!.id, as_of: '2015-06-01' }, { dedupeKey: `early-${row!.id}` });
    // it has run when only the delayed copy for 08:00 waits
    await pollUntil(async () => {
      const c = await system.queue.counts(SEND_HOME_UPDATE);
      return c.waiting <= 1 && c.active === 0 ? true : undefined;
    }, 60_000);
    expect(textsTo()).toHaveLength(1);
    expect((await updates('2015-06'))[0]!.status).toBe('pending');

    clock = new Date('2027-01-15T16:00:00Z'); // 08:00
    await sweep();
    await sweep();
    const sent = await pollUntil(async () => {
      const [r] = await updates('2015-06');
      return r!.status === 'sent' ? r : undefined;
    }, 120_000);
    await handedToTwilio(sent.id);
    expect(textsTo()[1]!.body).toContain('since last update');
    await sweep();
    await pollUntil(async () => ((await system.queue.counts(SEND_HOME_UPDATE)).active === 0 ? true : undefined), 30_000);
    expect(textsTo()).toHaveLength(2);
    expect(sent.sent_at!.toISOString()).toBe('2027-01-15T16:00:00.000Z');
  }, 300_000);

  it('STOP ends the text subscription (no later cycle texts); re-subscribing needs START; an opt-out found at send time suppresses the text', async () => {
    clock = new Date('2027-01-15T20:00:00Z');
    expect((await inbound('Stop')).statusCode).toBe(200);
    const [ended] = (await subscriptions()).filter((s) => s.channel === 'sms');
    expect(ended).toMatchObject({ status: 'unsubscribed', unsubscribe_reason: 'sms_opt_out' });
    expect(await cycle('2015-07-01')).toHaveLength(0);

    const refused = await subscribe(textConsent);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('sms_opted_out');
    expect((await inbound('START')).statusCode).toBe(200);
    expect((await subscribe(textConsent)).statusCode).toBe(201);

    // an opt-out the sender finds itself (Twilio's 21610 on a callback records it the same way)
    await recordOptOut(db(), PHONE, '21610');
    const [row] = await cycle('2015-08-01');
    expect(row).toMatchObject({ status: 'failed' });
    expect(await homeUpdateTextOf(db(), row!.id)).toMatchObject({ status: 'suppressed', error_code: 'opted_out' });
    expect(textsTo()).toHaveLength(2);
    const active = (await subscriptions()).filter((s) => s.status === 'active');
    expect(active).toHaveLength(0);
  }, 300_000);

  it('a worker that died after handing a text over: the reconciler waits out quiet hours, looks it up, sends it once, and never again', async () => {
    await inbound('START');
    expect((await subscribe(textConsent)).statusCode).toBe(201);
    const sub = (await subscriptions()).find((s) => s.status === 'active')!;
    const [update] = await db().insert(schema.home_updates).values({ subscription_id: sub.id, period: '2015-09' }).returning();
    clock = new Date('2027-01-15T20:00:00Z');
    // the worker's hand-over, then nothing: it died before calling Twilio
    const claimed = await handOverHomeUpdateText(db(), {
      updateId: update!.id,
      now: clock,
      valued: { valuation: null, estimate_value: 900_000, estimate_low: 850_000, estimate_high: 950_000 },
      text: { to: PHONE, body: 'Jordan Avery: your home value update: dead-worker test. Reply STOP to opt out.', provider: 'twilio' },
    });
    expect(claimed).not.toBeNull();
    // a duplicated job finds it handed over
    await system.queue.enqueue(SEND_HOME_UPDATE, { update_id: update!.id }, { dedupeKey: `dup-${update!.id}` });
    await pollUntil(async () => ((await system.queue.counts(SEND_HOME_UPDATE)).active === 0 ? true : undefined), 30_000);
    const before = twilio.messages.length;
    let reconcilerClock = new Date('2027-01-16T05:00:00Z'); // 21:00 in Seattle: stale, but inside quiet hours
    const smsDeps = { db: db(), sms: system.sms, logger, now: () => reconcilerClock, retryDelaysMs: [10] };
    await reconcileStaleSms(smsDeps, { staleAfterMs: 3 * 60_000 });
    expect(twilio.messages.length).toBe(before);
    expect(await homeUpdateTextOf(db(), update!.id)).toMatchObject({ status: 'sending', provider_message_id: null });
    reconcilerClock = new Date('2027-01-16T16:10:00Z'); // 08:10
    await reconcileStaleSms(smsDeps, { staleAfterMs: 3 * 60_000 });
    await reconcileStaleSms(smsDeps, { staleAfterMs: 3 * 60_000 });
    const sentNow = twilio.messages.slice(before).filter((m) => m.body.includes('dead-worker test'));
    expect(sentNow).toHaveLength(1);
    expect((await homeUpdateTextOf(db(), update!.id))!.provider_message_id).toBe(sentNow[0]!.sid);
  }, 120_000);
});
