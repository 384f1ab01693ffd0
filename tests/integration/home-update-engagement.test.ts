/**
 * Issue #19 / decision 0036, end to end: a real cycle e-mails a tracked update (open pixel, click-through
 * link) through the local SMTP server; the homeowner opens it and clicks through; the lead's JSON shows it;
 * two updates opened in a row plus a CMA request mark the lead and e-mail the agent "Likely to sell" once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { findScopedLead, getConsumerReport, insertReportEvent, schema } from '@opencma/db';
import type { RunningSystem } from '@opencma/runtime';
import { homeUpdatesOf, runCycle, startHomeUpdatesSystem, subscribeByEmail, updateMails } from '../helpers/home-updates';
import { pollUntil } from '../helpers/poll';
import { reportEvent } from '../helpers/report-events';
import { testDatabaseKind } from '../helpers/test-database';
import { completedReport, requestReport } from '../helpers/test-system';

const BASE = 'http://localhost:3000';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe(`value update opens and clicks, end to end (decision 0036; ${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  let reportId: string;

  beforeAll(async () => {
    ({ system, stop } = await startHomeUpdatesSystem({ MLS_AS_OF: '2015-03-31' }));
    reportId = await requestReport(system);
    await completedReport(system, reportId);
    await subscribeByEmail(system, reportId, 'pat@example.com');
  }, 180_000);
  afterAll(async () => {
    await stop?.();
  });

  const db = () => system.database.db;
  const updateOf = async (period: string) => (await homeUpdatesOf(system, period))[0];
  /** Runs one cycle at `asOf` through the queue; its one update, once sent, and the e-mail it sent. */
  async function cycle(asOf: string) {
    const [row] = await runCycle(system, asOf, { timeoutMs: 180_000, atLeastOne: true });
    expect(row!.status).toBe('sent');
    const [mail] = updateMails(system, row!.id);
    // time passes before the homeowner reads it: opens right after delivery are taken for scanners
    await db()
      .update(schema.home_updates)
      .set({ sent_at: new Date(Date.now() - 3600_000) })
      .where(eq(schema.home_updates.id, row!.id));
    return { row: row!, mail: mail! };
  }
  const path = (url: string) => url.slice(BASE.length);
  const get = (url: string) => system.api.inject({ method: 'GET', url: path(url), headers: { 'user-agent': IPHONE } });

  it('the sent e-mail carries the pixel and a click-through to the report; opening and clicking are recorded and shown on the lead', async () => {
    const { row, mail } = await cycle('2015-05-01');
    const token = row.tracking_token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const pixelUrl = `${BASE}/v1/home-updates/open/${token}`;
    const clickUrl = `${BASE}/v1/home-updates/click/${token}/1`; // 0 is the value history, 1 the report
    expect(mail.html).toContain(`<img src="${pixelUrl}" width="1" height="1"`);
    expect(mail.html).toContain(`href="${clickUrl}"`);
    expect(mail.html).not.toContain(`href="${BASE}/r/${reportId}"`);
    expect(mail.html).toContain(`href="${BASE}/v1/home-updates/unsubscribe/`);
    expect(mail.html).toContain(`href="${BASE}/home-updates/`); // the preferences link is not rewritten either
    expect(mail.text).toContain(`${BASE}/r/${reportId}`);
    expect(row.tracked_links).toEqual([`${BASE}/r/${reportId}/history`, `${BASE}/r/${reportId}`]); // not the preferences or unsubscribe links

    const pixel = await get(pixelUrl);
    expect(pixel.headers['content-type']).toBe('image/gif');
    const click = await get(clickUrl);
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe(`${BASE}/r/${reportId}`);
    const after = (await updateOf('2015-05'))!;
    expect([after.open_count, after.click_count, after.opened_at !== null, after.clicked_at !== null]).toEqual([1, 1, true, true]);

    // what the lead API and page show (with sessions and another agent's 404: apps/api/test/home-update-tracking.test.ts)
    const [agent] = await db().select().from(schema.users).where(eq(schema.users.agent_code, 'demo'));
    const lead = await findScopedLead(db(), { kind: 'agent', userId: agent!.id }, reportId);
    expect(lead!.updates).toEqual([
      expect.objectContaining({ period: '2015-05', status: 'sent', email: 'pat@example.com', open_count: 1, click_count: 1, machine_open_count: 0 }),
    ]);
    expect(lead!.updates[0]!.clicked_at).toBe(after.clicked_at!.toISOString());
  }, 300_000);

  it('a second update opened in a row, with a CMA request, marks the lead and e-mails the agent "Likely to sell" once', async () => {
    await insertReportEvent(db(), reportEvent(reportId, 'cma.requested', 'engagement-cma-session'));
    expect((await getConsumerReport(db(), reportId))?.likely_to_sell_at).toBeNull();
    const { row } = await cycle('2015-06-01');
    const pixelUrl = `${BASE}/v1/home-updates/open/${row.tracking_token}`;
    await Promise.all([get(pixelUrl), get(pixelUrl), get(pixelUrl)]);
    expect((await getConsumerReport(db(), reportId))?.likely_to_sell_at).not.toBeNull();
    const events = await db()
      .select()
      .from(schema.lead_events)
      .where(and(eq(schema.lead_events.report_id, reportId), eq(schema.lead_events.type, 'lead.likely_to_sell')));
    expect(events).toHaveLength(1);
    const likelyMails = () => system.localSmtp!.messages().filter((m) => m.subject === 'Likely to sell: 1156 N 93rd St, Seattle, WA 98103');
    const [alert] = await pollUntil(async () => (likelyMails().length ? likelyMails() : undefined), 60_000);
    expect(alert!.text).toContain('opened the last 2 value updates in a row');
    await get(pixelUrl);
    expect(likelyMails()).toHaveLength(1);
  }, 300_000);
});
