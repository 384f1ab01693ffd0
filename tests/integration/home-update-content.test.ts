import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { CURRENT_HOME_UPDATE_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, schema } from '@opencma/db';
import type { RunningSystem } from '@opencma/runtime';
import {
  EMAIL_CONSENT,
  homeSubscriptions,
  postSubscription,
  runCycle,
  startHomeUpdatesSystem,
  unsubscribeOneClick,
  updateMails,
} from '../helpers/home-updates';
import { testDatabaseKind } from '../helpers/test-database';
import { completedReport, requestReport } from '../helpers/test-system';

/**
 * What an update says (issue #19): new nearby sales, the market's sentence and the equity when the
 * homeowner gave what they owe; the home's value history; the preferences reached by the token.
 */
describe(`value update content, history and preferences (decision 0035; ${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  let reportId: string;
  let otherReportId: string;

  beforeAll(async () => {
    ({ system, stop } = await startHomeUpdatesSystem());
    reportId = await requestReport(system);
    otherReportId = await requestReport(system, { address: '12211 SE 65th St, Bellevue, WA 98006', phone: '201-555-0124', postalCode: '98006' });
    for (const id of [reportId, otherReportId]) await completedReport(system, id);
    // The bundled sales end in March 2015 and a cycle at a date can only hide later sales: to have sales
    // that are new to an update, the reports stand as if made on Mar 1, 2015 (their valuation date, from
    // which "new since your first report" counts).
    await system.database.db
      .update(schema.consumer_reports)
      .set({ valuation: sql`jsonb_set(${schema.consumer_reports.valuation}, '{valuationDate}', '"2015-03-01"')` })
      .where(inArray(schema.consumer_reports.id, [reportId, otherReportId]));
  }, 180_000);
  afterAll(async () => {
    await stop?.();
  });

  const db = () => system.database.db;
  const subscriptions = () => homeSubscriptions(system);
  const subscribe = (payload: Record<string, unknown>, id = reportId) => postSubscription(system, id, { ...EMAIL_CONSENT, ...payload });
  const mailOf = (updateId: string) => {
    const mails = updateMails(system, updateId);
    expect(mails).toHaveLength(1);
    return mails[0]!;
  };
  const subOf = async (email: string) => (await subscriptions()).find((s) => s.email === email)!;
  const money = (n: number) => (n < 0 ? `\u2212$${(-n).toLocaleString('en-US')}` : `$${n.toLocaleString('en-US')}`);
  const cycle = (asOf: string) => runCycle(system, asOf, { timeoutMs: 180_000, atLeastOne: true });
  const preferences = (token: string, payload: Record<string, unknown>) =>
    system.api.inject({ method: 'POST', url: `/v1/home-updates/preferences/${token}`, payload });
  const history = (id: string) => system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}/history` });

  it('the opt-in takes what the homeowner owes only when given, validated: bad figures are a 400 that stores nothing', async () => {
    for (const bad of [
      { owed: 'lots' },
      { owed: '-5' },
      { price: '500,000' }, // a purchase needs its month and rate
      { price: '500000', start: '2019-13', rate: '6' },
      { price: '500000', start: '2019-06', rate: '40' },
      { price: '500000', down: '600000', start: '2019-06', rate: '6' },
      { rate: '6' }, // loan details without a price
    ]) {
      const res = await subscribe({ email: 'pat@example.com', ...bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields).length).toBeGreaterThan(0);
    }
    // the form without JavaScript, with a bad figure: the same 400
    const form = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=pat%40example.com&frequency=monthly&consent=on&consent_version=${CURRENT_HOME_UPDATE_CONSENT_VERSION}&owed=abc`,
    });
    expect(form.statusCode).toBe(400);
    expect(await subscriptions()).toHaveLength(0);

    // pat gives what they owe (the form's way, with $ and commas); sam gives nothing; the other home's owner a loan
    const formOk = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=pat%40example.com&frequency=monthly&consent=on&consent_version=${CURRENT_HOME_UPDATE_CONSENT_VERSION}&owed=%24300%2C000&price=&start=&rate=`,
    });
    expect(formOk.statusCode).toBe(303);
    expect((await subscribe({ email: 'sam@example.com' })).statusCode).toBe(201);
    expect(
      (await subscribe({ email: 'lee@example.com', price: 400000, down: 80000, start: '2014-06', rate: '4.5', term: 30 }, otherReportId)).statusCode,
    ).toBe(201);
    const pat = await subOf('pat@example.com');
    expect(pat.owed_amount).toBe(300_000);
    expect(pat.owed_as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(pat.loan_amount).toBeNull();
    const sam = await subOf('sam@example.com');
    expect([sam.owed_amount, sam.owed_as_of, sam.loan_amount, sam.loan_start, sam.loan_rate_pct, sam.loan_term_years]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const lee = await subOf('lee@example.com');
    expect([lee.loan_amount, lee.loan_start, lee.loan_rate_pct, lee.loan_term_years, lee.owed_amount]).toEqual([
      320_000,
      '2014-06-01',
      4.5,
      30,
      null,
    ]);
  });

  it('an update after new sales lists them (closest first), the market trend and the equity — in the text and the HTML; no owed amount, no equity line', async () => {
    const rows = await cycle('2015-04-01');
    expect(rows).toHaveLength(3);
    const pat = await subOf('pat@example.com');
    const sam = await subOf('sam@example.com');
    const lee = await subOf('lee@example.com');
    const report = (await getConsumerReport(db(), reportId))!;
    expect(report.valuation!.valuationDate).toBe('2015-03-01'); // the first report's: sales from then on are new

    for (const sub of [pat, sam]) {
      const row = rows.find((r) => r.subscription_id === sub.id)!;
      expect(row.status).toBe('sent');
      const mail = mailOf(row.id);
      // new nearby sales since the first report: the closest five, each in words, nearest first
      const heading = /(\d+) new sales? within 1 mile of your home since Mar 1, 2015 \(the closest 5 of \1\):/.exec(mail.text);
      expect(heading, mail.text).not.toBeNull();
      expect(Number(heading![1])).toBeGreaterThan(5);
      const lines = mail.text.split('\n').filter((l) => l.startsWith('- '));
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line).toMatch(/^- (\d+ bd · )?([\d,]+ sq ft · )?(under 0\.1|\d\.\d) mi · sold \$[\d,]+ on Mar \d{1,2}, 2015$/);
      const distances = lines.map((l) => (/(under 0\.1|\d\.\d) mi/.exec(l)![1] === 'under 0.1' ? 0 : Number(/(\d\.\d) mi/.exec(l)![1])));
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      for (const line of lines) expect(mail.html).toContain(line.slice(2));
      // the market's sentence, in the report's words
      expect(mail.text).toMatch(/YOUR LOCAL MARKET\nPrices per square foot within 1 mile of your home (rose|fell|held about steady)[^\n]*\./);
      expect(mail.html).toContain('data-part="market"');
      // the history page and the preferences page are linked
      expect(mail.text).toContain(`http://localhost:3000/r/${reportId}/history`);
      expect(mail.html).toContain(`http://localhost:3000/home-updates/${sub.unsubscribe_token}`);
    }
    const patRow = rows.find((r) => r.subscription_id === pat.id)!;
    const patMail = mailOf(patRow.id);
    const equity = patRow.estimate_value! - 300_000;
    expect(patMail.text).toContain(
      `Your equity:            ${money(equity)} (likely ${money(patRow.estimate_low! - 300_000)} – ${money(patRow.estimate_high! - 300_000)})`,
    );
    expect(patMail.text).toContain('The estimate less the $300,000 you told us you owe.');
    expect(patMail.html).toContain(money(equity));
    expect(patMail.html).toContain('data-part="equity"');

    const samMail = mailOf(rows.find((r) => r.subscription_id === sam.id)!.id);
    expect(samMail.text).not.toContain('equity');
    expect(samMail.html).not.toContain('data-part="equity"');
    expect(samMail.html).not.toContain('Your equity');

    // the loan's balance is estimated on the update's date: $320,000 at 4.5% for 30 years from Jun 2014, 10 payments by Apr 1, 2015 (a month-by-month table: $315,714.27)
    const leeRow = rows.find((r) => r.subscription_id === lee.id)!;
    const leeMail = mailOf(leeRow.id);
    expect(leeMail.text).toContain('The estimate less your loan’s estimated balance of $315,714');
    expect(leeMail.text).toContain(`Your equity:            ${money(leeRow.estimate_value! - 315_714)}`);
  }, 400_000);

  it('the next update lists the sales since the last update, not since the first report', async () => {
    const rows = await cycle('2015-05-01');
    const sam = await subOf('sam@example.com');
    const mail = mailOf(rows.find((r) => r.subscription_id === sam.id)!.id);
    // the bundled sales end in March 2015: none since the April update, and the e-mail says so
    expect(mail.text).toContain('NEW SALES NEARBY\nNo new sales within 1 mile of your home since Apr 1, 2015.\n');
    expect(mail.text.split('\n').filter((l) => l.startsWith('- '))).toEqual([]);
    expect(mail.html).toContain('No new sales within 1 mile of your home since Apr 1, 2015.');
    expect(mail.text).toContain('Since the last update');
  }, 400_000);

  it('the history lists the first report and each sent update in date order, and nothing of another home; unknown id → 404', async () => {
    const res = await history(reportId);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    const { entries } = res.json();
    const report = (await getConsumerReport(db(), reportId))!;
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['report', 'update', 'update']);
    expect(entries.map((e: { date: string }) => e.date)).toEqual(['2015-03-01', '2015-04-01', '2015-05-01']);
    expect(entries[0].estimate).toEqual({ value: report.estimate_value, low: report.estimate_low, high: report.estimate_high });
    expect(entries[0].change).toBeNull();
    // two subscribers of the same home: one entry per period, with the values that were sent
    const [may] = await db()
      .select()
      .from(schema.home_updates)
      .where(eq(schema.home_updates.subscription_id, (await subOf('sam@example.com')).id));
    expect(entries[1].estimate).toEqual({ value: may!.estimate_value, low: may!.estimate_low, high: may!.estimate_high });
    expect(entries[1].change).toBe(may!.estimate_value! - report.estimate_value!);
    expect(entries[2].change).toBe(entries[2].estimate.value - entries[1].estimate.value);

    // the other home's history has its own values only
    const other = (await history(otherReportId)).json();
    const otherReport = (await getConsumerReport(db(), otherReportId))!;
    expect(other.entries).toHaveLength(3);
    expect(other.entries[0].estimate.value).toBe(otherReport.estimate_value);
    const values = new Set(entries.map((e: { estimate: { value: number } }) => e.estimate.value));
    for (const e of other.entries) expect(values.has(e.estimate.value)).toBe(false);

    expect((await history('NoSuchReport0000000000')).statusCode).toBe(404);
    expect((await history('bad id!')).statusCode).toBe(400);
  });

  it('preferences by token: GET changes nothing; POST changes the frequency and what is owed; bad input is a 400 that changes nothing; an unknown token gets the same answer', async () => {
    const sam = await subOf('sam@example.com');
    const url = `/v1/home-updates/preferences/${sam.unsubscribe_token}`;
    const got = await system.api.inject({ method: 'GET', url });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ status: 'active', frequency: 'monthly', address: '1156 N 93rd St, Seattle, WA 98103', reportId, owed: null });
    expect(await subOf('sam@example.com')).toEqual(sam);
    expect((await system.api.inject({ method: 'GET', url: '/v1/home-updates/preferences/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);

    for (const bad of [{ frequency: 'daily' }, { owed: 'a lot' }, { price: '500000' }, { frequency: 'quarterly', owed: '-1' }]) {
      const res = await preferences(sam.unsubscribe_token, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(await subOf('sam@example.com')).toEqual(sam);

    const saved = await preferences(sam.unsubscribe_token, { frequency: 'quarterly', owed: '250,000' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ status: 'saved' });
    const after = await subOf('sam@example.com');
    expect([after.frequency, after.owed_amount, after.loan_amount]).toEqual(['quarterly', 250_000, null]);
    expect(after.owed_updated_at).not.toBeNull();
    expect((await system.api.inject({ method: 'GET', url })).json().owed).toMatchObject({ kind: 'owed', amount: 250_000 });

    // a loan replaces the amount; forgetting removes it; forgetting and giving at once is a 400
    expect((await preferences(sam.unsubscribe_token, { price: '500000', start: '2012-01', rate: '3.75' })).statusCode).toBe(200);
    expect(await subOf('sam@example.com')).toMatchObject({
      owed_amount: null,
      loan_amount: 500_000,
      loan_start: '2012-01-01',
      loan_rate_pct: 3.75,
      loan_term_years: 30,
    });
    expect((await preferences(sam.unsubscribe_token, { forget_owed: true, owed: '1' })).statusCode).toBe(400);
    expect((await subOf('sam@example.com')).loan_amount).toBe(500_000);
    expect((await preferences(sam.unsubscribe_token, { forget_owed: true })).statusCode).toBe(200);
    expect(await subOf('sam@example.com')).toMatchObject({ owed_amount: null, loan_amount: null, frequency: 'quarterly' });
    expect((await preferences(sam.unsubscribe_token, { frequency: 'monthly' })).statusCode).toBe(200);
    expect((await subOf('sam@example.com')).frequency).toBe('monthly');

    // an unknown token: the same answer, and nobody's preferences change
    const before = await subscriptions();
    const unknown = await preferences('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { frequency: 'quarterly' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ status: 'saved' });
    expect(await subscriptions()).toEqual(before);

    // an unsubscribed subscription's preferences do not change (and the answer is the same)
    const pat = await subOf('pat@example.com');
    await unsubscribeOneClick(system, pat.unsubscribe_token);
    expect((await preferences(pat.unsubscribe_token, { frequency: 'quarterly' })).json()).toEqual({ status: 'saved' });
    expect((await subOf('pat@example.com')).frequency).toBe('monthly');
  });

  it('is described in OpenAPI', async () => {
    const spec = (await system.api.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(spec.paths['/v1/consumer-reports/{id}/history'].get).toBeDefined();
    expect(spec.paths['/v1/home-updates/preferences/{token}'].get).toBeDefined();
    expect(spec.paths['/v1/home-updates/preferences/{token}'].post).toBeDefined();
    const body = spec.paths['/v1/consumer-reports/{id}/subscriptions'].post.requestBody.content['application/json'].schema;
    const props = body.properties ?? spec.components.schemas[body.$ref?.split('/').at(-1)]?.properties;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['owed', 'price', 'down', 'start', 'rate', 'term']));
  });
});
