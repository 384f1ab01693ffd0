/**
 * Issue #19 / decision 0036: the value updates' open pixel and click-through links, what they record,
 * what they never do (an open redirect, a record for a forged token), the lead's timeline, and the
 * "likely to sell" crossing they can cause, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  createAccount,
  createAgent,
  createHomeSubscription,
  ensureDemoAgent,
  getConsumerReport,
  insertReportEvent,
  schema,
  updateConsumerReport,
  type Agent,
  type Database,
} from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { TRACKING_PIXEL } from '../src/routes/home-update-tracking';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { reportEvent } from '../../../tests/helpers/report-events';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { signInAgent, type Signed } from './agent-sign-in';
import { buildTestApi } from './test-api';

const BASE = 'http://localhost:3000';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const HOUR = 3600_000;

describe(`value update opens and clicks (decision 0036; ${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let demo: Agent;
  let other: Agent;
  let demoSession: Signed;
  let otherSession: Signed;
  const dispatched: string[] = [];
  let seq = 0;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    const otherAccount = await createAccount(database.db, { name: 'Other Realty' });
    other = await createAgent(database.db, { name: 'Olive Other', phone: '+12065550177', account_id: otherAccount.id });
    app = await buildTestApi(
      database,
      { RATE_LIMIT_SIGN_IN_PER_HOUR: '50', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' },
      {
        queue: {
          enqueue: async (_name: string, data: { event_id: string }) => {
            dispatched.push(data.event_id);
            return null;
          },
        } as never,
      },
    );
    demoSession = await signInAgent(app, database, demo);
    otherSession = await signInAgent(app, database, other);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  /** A completed report of the demo agent with one subscription, and its updates already sent (`sentHoursAgo` each). */
  async function leadWithUpdates(sentHoursAgo: number[], address = `${100 + seq} Tracking Way, Seattle, WA 98103`) {
    const report = await insertTestReport(database, { property_address: address });
    await updateConsumerReport(database.db, report.id, { status: 'completed', completed_at: new Date(), estimate_value: 700000 });
    const sub = await createHomeSubscription(database.db, {
      report_id: report.id,
      agent_id: report.agent_id,
      email: 'pat@example.com',
      frequency: 'monthly',
      consent_text: 'ok',
      consent_version: 1,
      consent_at: new Date(),
      consent_ip: null,
      consent_user_agent: null,
    });
    const updates = [];
    for (const [i, hoursAgo] of sentHoursAgo.entries()) {
      const token = `tok${String(++seq).padStart(4, '0')}${'x'.repeat(20)}${i}`;
      const [row] = await database.db
        .insert(schema.home_updates)
        .values({
          subscription_id: sub.id,
          period: `2015-0${i + 1}`,
          status: 'sent',
          sent_at: new Date(Date.now() - hoursAgo * HOUR),
          claimed_at: new Date(Date.now() - hoursAgo * HOUR),
          tracking_token: token,
          tracked_links: [`${BASE}/r/${report.id}`, `${BASE}/r/${report.id}?calc=1&price=1#equity`],
        })
        .returning();
      updates.push(row!);
    }
    return { report, updates };
  }

  const getUpdate = async (id: string) => (await database.db.select().from(schema.home_updates).where(eq(schema.home_updates.id, id)))[0]!;
  const allUpdates = () => database.db.select().from(schema.home_updates);
  const pixel = (token: string, ua = IPHONE, method: 'GET' | 'HEAD' = 'GET') =>
    app.inject({ method, url: `/v1/home-updates/open/${token}`, headers: { 'user-agent': ua } });
  const click = (token: string, link: string | number, ua = IPHONE) =>
    app.inject({ method: 'GET', url: `/v1/home-updates/click/${token}/${link}`, headers: { 'user-agent': ua } });
  const likelyEvents = (reportId: string) =>
    database.db
      .select()
      .from(schema.lead_events)
      .where(and(eq(schema.lead_events.report_id, reportId), eq(schema.lead_events.type, 'lead.likely_to_sell')));
  /** The counts and firsts of every update: what a request changed. */
  const snapshot = async () =>
    JSON.stringify(
      (await allUpdates())
        .map((u) => [u.id, u.opened_at, u.open_count, u.machine_opened_at, u.machine_open_count, u.clicked_at, u.click_count, u.machine_click_count])
        .sort(),
    );

  it('the pixel is a real 1×1 GIF, never cached; the first open is kept and repeats (also concurrent) only count', async () => {
    const { updates } = await leadWithUpdates([48]);
    const token = updates[0]!.tracking_token!;
    const first = await pixel(token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/gif');
    expect(first.headers['cache-control']).toContain('no-store');
    expect(first.rawPayload.equals(TRACKING_PIXEL)).toBe(true);
    expect(first.rawPayload.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(first.rawPayload.readUInt16LE(6)).toBe(1); // width
    expect(first.rawPayload.readUInt16LE(8)).toBe(1); // height
    const opened = await getUpdate(updates[0]!.id);
    expect(opened.open_count).toBe(1);
    expect(opened.opened_at).not.toBeNull();

    await Promise.all(Array.from({ length: 6 }, () => pixel(token, DESKTOP)));
    const again = await getUpdate(updates[0]!.id);
    expect(again.open_count).toBe(7);
    expect(again.opened_at?.toISOString()).toBe(opened.opened_at?.toISOString());
    expect(again.machine_open_count).toBe(0);

    // a HEAD (a scanner checking the image) records nothing
    const head = await pixel(token, IPHONE, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect((await getUpdate(updates[0]!.id)).open_count).toBe(7);
  });

  it('unknown, forged and malformed tokens get the same GIF and the same headers, and record nothing', async () => {
    const { updates } = await leadWithUpdates([48]);
    const real = updates[0]!.tracking_token!;
    const before = await snapshot();
    const known = await pixel(real, IPHONE, 'HEAD');
    for (const token of [`${real.slice(0, -1)}Z`, 'A'.repeat(32), 'short', '%3Cscript%3E', 'x'.repeat(90)]) {
      const res = await pixel(token);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(TRACKING_PIXEL)).toBe(true);
      for (const h of ['content-type', 'cache-control', 'content-length']) expect(res.headers[h]).toBe(known.headers[h]);
    }
    expect(await snapshot()).toBe(before);
  });

  it('tells machine opens apart: a privacy proxy, a scanner right after delivery, a bot — counted, never a person', async () => {
    const { updates } = await leadWithUpdates([48]);
    const token = updates[0]!.tracking_token!;
    await pixel(token, 'Mozilla/5.0'); // Apple Mail Privacy Protection's proxy
    await pixel(token, 'python-requests/2.31');
    const row = await getUpdate(updates[0]!.id);
    expect(row.machine_open_count).toBe(2);
    expect(row.machine_opened_at).not.toBeNull();
    expect(row.open_count).toBe(0);
    expect(row.opened_at).toBeNull();

    // within seconds of delivery, even with a browser's User-Agent
    const fresh = await leadWithUpdates([0]);
    await pixel(fresh.updates[0]!.tracking_token!, DESKTOP);
    const scanned = await getUpdate(fresh.updates[0]!.id);
    expect([scanned.machine_open_count, scanned.open_count, scanned.opened_at]).toEqual([1, 0, null]);
  });

  it('a click redirects only to a link of this site the update contained; anything else goes home and records nothing', async () => {
    const { report, updates } = await leadWithUpdates([48]);
    const token = updates[0]!.tracking_token!;
    const res = await click(token, 0);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${BASE}/r/${report.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await click(token, 1)).headers.location).toBe(`${BASE}/r/${report.id}?calc=1&price=1#equity`);
    const row = await getUpdate(updates[0]!.id);
    expect(row.click_count).toBe(2);
    expect(row.clicked_at).not.toBeNull();
    // a click means it was opened, even with images blocked
    expect(row.opened_at?.toISOString()).toBe(row.clicked_at?.toISOString());

    const before = await snapshot();
    for (const [t, link] of [
      [token, 2],
      [token, -1],
      [token, 'https%3A%2F%2Fevil.example%2F'],
      [`${token.slice(0, -1)}Q`, 0],
      ['A'.repeat(32), 0],
    ] as const) {
      const other = await click(t, link);
      expect(other.statusCode).toBe(302);
      expect(other.headers.location).toBe(`${BASE}/`);
    }
    // a stored link that is not this site's (it never is; the check holds even so)
    await database.db
      .update(schema.home_updates)
      .set({ tracked_links: ['https://evil.example/phish', `${BASE}.evil.example/x`] })
      .where(eq(schema.home_updates.id, updates[0]!.id));
    expect((await click(token, 0)).headers.location).toBe(`${BASE}/`);
    expect((await click(token, 1)).headers.location).toBe(`${BASE}/`);
    expect(await snapshot()).toBe(before);
  });

  it('two updates opened in a row plus a CMA request mark the lead and alert once, under repeated and concurrent opens', async () => {
    const { report, updates } = await leadWithUpdates([72, 48]);
    await insertReportEvent(database.db, reportEvent(report.id, 'cma.requested', 'session-cma-1'));
    // one opened (3 + 0): below; machine opens of the other never count
    await pixel(updates[0]!.tracking_token!);
    await pixel(updates[1]!.tracking_token!, 'Mozilla/5.0');
    expect(await likelyEvents(report.id)).toHaveLength(0);
    expect((await getConsumerReport(database.db, report.id))?.likely_to_sell_at).toBeNull();

    // the second one opened, many times at once, and clicked: 3 + 2 (+ 1) crosses, once
    await Promise.all([
      ...Array.from({ length: 5 }, () => pixel(updates[1]!.tracking_token!)),
      click(updates[1]!.tracking_token!, 0),
      pixel(updates[0]!.tracking_token!),
    ]);
    const events = await likelyEvents(report.id);
    expect(events).toHaveLength(1);
    expect(dispatched).toContain(events[0]!.id);
    expect((events[0]!.data as { reasons: string[] }).reasons).toEqual(
      expect.arrayContaining(['asked for a full CMA', 'opened the last 2 value updates in a row']),
    );
    expect((await getConsumerReport(database.db, report.id))?.likely_to_sell_at).not.toBeNull();
    for (let i = 0; i < 3; i++) await pixel(updates[1]!.tracking_token!);
    await click(updates[0]!.tracking_token!, 0);
    expect(await likelyEvents(report.id)).toHaveLength(1);
  });

  it('the first opens of two updates at the same moment are scored one after the other: the pair crosses, once', async () => {
    const { report, updates } = await leadWithUpdates([72, 48]);
    await insertReportEvent(database.db, reportEvent(report.id, 'cma.requested', 'session-cma-3'));
    // neither open alone crosses; each transaction waits for the lead's row, so the later one sees both
    await Promise.all([pixel(updates[0]!.tracking_token!), pixel(updates[1]!.tracking_token!), pixel(updates[1]!.tracking_token!)]);
    expect(await likelyEvents(report.id)).toHaveLength(1);
  });

  it('a click-through and a report event at the same moment, each short alone, cross together once', async () => {
    const { report, updates } = await leadWithUpdates([72, 48]);
    await pixel(updates[0]!.tracking_token!);
    // the click opens the newer update too (2 in a row: 2) and clicks through (1) = 3; the calculator alone 2
    await Promise.all([
      click(updates[1]!.tracking_token!, 0),
      insertReportEvent(database.db, reportEvent(report.id, 'net_proceeds', 'session-calc-4')),
    ]);
    const events = await likelyEvents(report.id);
    expect(events).toHaveLength(1);
    expect((events[0]!.data as { score: number }).score).toBe(5);
  });

  it('a newer update not opened breaks the run: no crossing', async () => {
    const { report, updates } = await leadWithUpdates([96, 72, 48]);
    await insertReportEvent(database.db, reportEvent(report.id, 'cma.requested', 'session-cma-2'));
    await pixel(updates[0]!.tracking_token!);
    await pixel(updates[1]!.tracking_token!);
    expect(await likelyEvents(report.id)).toHaveLength(0);
    // … until the newest is opened too
    await pixel(updates[2]!.tracking_token!);
    expect(await likelyEvents(report.id)).toHaveLength(1);
  });

  it("the lead's JSON lists each update sent, opened and clicked with times; another agent gets the same 404 as a missing lead", async () => {
    const { report, updates } = await leadWithUpdates([72, 48]);
    await pixel(updates[0]!.tracking_token!);
    await click(updates[0]!.tracking_token!, 0);
    await pixel(updates[1]!.tracking_token!, 'Mozilla/5.0');
    await database.db.insert(schema.home_updates).values({
      subscription_id: (await database.db.select().from(schema.home_updates).where(eq(schema.home_updates.id, updates[0]!.id)))[0]!.subscription_id,
      period: '2015-03',
      status: 'failed',
      last_error: '550 mailbox pat@example.com unavailable',
    });

    const res = await app.inject({ method: 'GET', url: `/v1/agent/leads/${report.id}`, headers: { cookie: demoSession.cookie } });
    expect(res.statusCode).toBe(200);
    const list = res.json().updates as Array<Record<string, unknown>>;
    expect(list.map((u) => [u.period, u.status])).toEqual([
      ['2015-01', 'sent'],
      ['2015-02', 'sent'],
      ['2015-03', 'failed'],
    ]);
    expect(list[0]).toMatchObject({ email: 'pat@example.com', open_count: 1, click_count: 1, machine_open_count: 0 });
    expect(list[0]!.sent_at).toBe(updates[0]!.sent_at!.toISOString());
    expect(typeof list[0]!.opened_at).toBe('string');
    expect(typeof list[0]!.clicked_at).toBe('string');
    expect(list[1]).toMatchObject({ opened_at: null, open_count: 0, machine_open_count: 1, clicked_at: null });
    expect(list[2]).toMatchObject({ sent_at: null, opened_at: null });
    // the SMTP error (it may name the address) stays out of the API
    expect(res.body).not.toContain('550 mailbox');

    const foreign = await app.inject({ method: 'GET', url: `/v1/agent/leads/${report.id}`, headers: { cookie: otherSession.cookie } });
    const missing = await app.inject({ method: 'GET', url: '/v1/agent/leads/NoSuchLead000000000000', headers: { cookie: otherSession.cookie } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
    expect(foreign.body).not.toContain('pat@example.com');
    expect(foreign.body).not.toContain(updates[0]!.id);
  });

  it('is described in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(spec.paths['/v1/home-updates/open/{token}'].get).toBeDefined();
    expect(spec.paths['/v1/home-updates/click/{token}/{link}'].get.responses['302']).toBeDefined();
    expect(spec.components.schemas.AgentLeadDetail.properties.updates).toBeDefined();
  });
});
