import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_HOME_UPDATE_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, schema } from '@opencma/db';
import { SEND_HOME_UPDATE } from '@opencma/queue';
import { createLogger, type RunningSystem } from '@opencma/runtime';
import { sweepHomeUpdates } from '@opencma/worker';
import {
  homeSubscriptions,
  homeUpdatesOf,
  postSubscription,
  queueIdle,
  runCycle,
  startHomeUpdatesSystem,
  unsubscribeOneClick,
  updateMails,
} from '../helpers/home-updates';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { completedReport, requestReport } from '../helpers/test-system';

const ADMIN_TOKEN = 'home-updates-admin-token-0123456789';

describe(`homeowners' value updates (decision 0028; ${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  let reportId: string;

  beforeAll(async () => {
    ({ system, stop } = await startHomeUpdatesSystem({ MLS_AS_OF: '2015-03-31', ADMIN_TOKEN }));
    reportId = await requestReport(system);
    await completedReport(system, reportId);
  }, 180_000);
  afterAll(async () => {
    await stop?.();
  });

  const db = () => system.database.db;
  const subscriptions = () => homeSubscriptions(system);
  const updates = (period: string) => homeUpdatesOf(system, period);
  const subscribe = (payload: Record<string, unknown>, id = reportId) => postSubscription(system, id, payload);
  const mailsOf = (updateId: string) => updateMails(system, updateId);
  /** Runs one cycle at `asOf` through the queue and waits until every update of the period is settled. */
  const cycle = (asOf: string) => runCycle(system, asOf);

  it('bad input is a clear 400 (or 404) and stores nothing', async () => {
    const good = { email: 'pat@example.com', frequency: 'monthly', consent: true, consent_version: CURRENT_HOME_UPDATE_CONSENT_VERSION };
    const noConsent = await subscribe({ ...good, consent: false });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.code).toBe('validation_failed');
    expect((await subscribe({ ...good, email: 'not-an-address' })).statusCode).toBe(400);
    expect((await subscribe({ ...good, frequency: 'daily' })).statusCode).toBe(400);
    expect((await subscribe({ ...good, consent_version: 99 })).statusCode).toBe(400);
    expect((await subscribe(good, 'NoSuchReport0000000000')).statusCode).toBe(404);
    expect(await subscriptions()).toHaveLength(0);
  });

  it('is described in OpenAPI', async () => {
    const res = await system.api.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(res.body.slice(0, 300)).toMatch(/^\{"openapi"/);
    const spec = res.json();
    const post = spec.paths['/v1/consumer-reports/{id}/subscriptions'].post;
    expect(Object.keys(post.requestBody.content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(spec.paths['/v1/home-updates/unsubscribe/{token}'].post).toBeDefined();
    expect(spec.paths['/v1/home-updates/unsubscribe/{token}'].get).toBeDefined();
    expect(spec.paths['/v1/admin/home-updates/cycles'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('subscribe → cycle → one e-mail per subscription with the new value; a second run and duplicated jobs send none', async () => {
    const json = await subscribe({ email: 'Pat@Example.com', frequency: 'monthly', consent: true, consent_version: 1 });
    expect(json.statusCode).toBe(201);
    // the page's form without JavaScript: a 303 back to the report
    const form = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=sam%40example.com&frequency=monthly&consent=on&consent_version=1',
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/r/${reportId}?subscribed=1#updates`);
    // subscribing again keeps the one subscription
    expect((await subscribe({ email: 'pat@example.com', consent: true, consent_version: 1 })).statusCode).toBe(201);
    const subs = await subscriptions();
    expect(subs.map((s) => s.email).sort()).toEqual(['pat@example.com', 'sam@example.com']);
    for (const s of subs) {
      expect(s.consent_text).toContain('may e-mail me an updated estimate');
      expect(s.consent_text_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.unsubscribe_token.length).toBeGreaterThanOrEqual(22);
    }

    const report = (await getConsumerReport(db(), reportId))!;
    const rows = await cycle('2015-05-01');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      const sub = subs.find((s) => s.id === row.subscription_id)!;
      const [mail, ...more] = mailsOf(row.id);
      expect(more).toHaveLength(0);
      expect(mail!.envelopeTo).toEqual([sub.email]);
      expect(mail!.listUnsubscribe).toBe(`<http://localhost:3000/v1/home-updates/unsubscribe/${sub.unsubscribe_token}>`);
      expect(mail!.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
      expect(row.tracked_links).toContain(`http://localhost:3000/r/${reportId}`); // the HTML links to it through a click-through (decision 0036)
      // the home valued again with the April sales: today's estimate, its range and the change since the report
      expect(row.estimate_value).not.toBeNull();
      const money = (n: number) => `$${n.toLocaleString('en-US')}`;
      expect(mail!.text).toContain(money(row.estimate_value!));
      expect(mail!.text).toContain(`${money(row.estimate_low!)} – ${money(row.estimate_high!)}`);
      expect(mail!.text).toContain('Since your first report');
      expect(mail!.text).toContain('May 1, 2015');
      expect(report.estimate_value).not.toBeNull();
    }

    // the same period again plans nothing and sends nothing; duplicated send jobs send nothing either
    const before = system.localSmtp!.messages().length;
    expect(await cycle('2015-05-01')).toHaveLength(2);
    for (const row of rows)
      await system.queue.enqueue(SEND_HOME_UPDATE, { update_id: row.id, as_of: '2015-05-01' }, { dedupeKey: `again-${row.id}` });
    await queueIdle(system, SEND_HOME_UPDATE);
    expect(system.localSmtp!.messages().length).toBe(before);
  }, 300_000);

  it('one-click unsubscribe (RFC 8058 POST) stops the next cycle; a GET only shows a button; unknown tokens get the same answer', async () => {
    const [pat] = (await subscriptions()).filter((s) => s.email === 'pat@example.com');
    const url = `/v1/home-updates/unsubscribe/${pat!.unsubscribe_token}`;
    const page = await system.api.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await subscriptions()).find((s) => s.id === pat!.id)!.status).toBe('active');

    const oneClick = () => unsubscribeOneClick(system, pat!.unsubscribe_token);
    const first = await oneClick();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'unsubscribed' });
    expect((await oneClick()).json()).toEqual({ status: 'unsubscribed' });
    const unknown = await unsubscribeOneClick(system, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ status: 'unsubscribed' });
    const stored = (await subscriptions()).find((s) => s.id === pat!.id)!;
    expect(stored.status).toBe('unsubscribed');
    expect(stored.unsubscribed_at).not.toBeNull();

    const june = await cycle('2015-06-01');
    expect(june).toHaveLength(1);
    expect(june[0]!.subscription_id).not.toBe(pat!.id);
    const [mail] = mailsOf(june[0]!.id);
    expect(mail!.envelopeTo).toEqual(['sam@example.com']);
    expect(mail!.text).toContain('Since the last update');
  }, 300_000);

  it('the admin cycle API (npm run home-updates) queues a cycle at a date and reports its counts; bad dates and no token change nothing', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await system.api.inject({ method: 'POST', url: '/v1/admin/home-updates/cycles', payload: { date: '2015-07-01' } })).statusCode).toBe(401);
    const bad = await system.api.inject({ method: 'POST', url: '/v1/admin/home-updates/cycles', headers: auth, payload: { date: '2015-13-45' } });
    expect(bad.statusCode).toBe(400);
    expect(await updates('2015-07')).toHaveLength(0);
    const res = await system.api.inject({ method: 'POST', url: '/v1/admin/home-updates/cycles', headers: auth, payload: { date: '2015-07-01' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ period: '2015-07' });
    const counts = await pollUntil(async () => {
      const c = await system.api.inject({ method: 'GET', url: '/v1/admin/home-updates/cycles/2015-07', headers: auth });
      return c.json().updates.sent === 1 ? c.json() : undefined;
    }, 120_000);
    expect(counts).toEqual({ period: '2015-07', updates: { sent: 1 } });
  }, 300_000);

  it('an update left sending by a dead worker becomes unknown and is never sent again', async () => {
    const [sam] = (await subscriptions()).filter((s) => s.email === 'sam@example.com');
    const [row] = await db()
      .insert(schema.home_updates)
      .values({
        subscription_id: sam!.id,
        period: '2015-08',
        status: 'sending',
        claim_id: crypto.randomUUID(),
        claimed_at: new Date(Date.now() - 3600_000),
      })
      .returning();
    const swept = await sweepHomeUpdates(
      { database: system.database, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), now: () => new Date() },
      system.queue,
      {
        claimStaleAfterMs: 60_000,
      },
    );
    expect(swept.unknown).toBe(1);
    await system.queue.enqueue(SEND_HOME_UPDATE, { update_id: row!.id, as_of: '2015-08-01' }, { dedupeKey: `dead-${row!.id}` });
    await queueIdle(system, SEND_HOME_UPDATE);
    const [after] = await updates('2015-08');
    expect(after!.status).toBe('unknown');
    expect(mailsOf(row!.id)).toHaveLength(0);
  });
});
