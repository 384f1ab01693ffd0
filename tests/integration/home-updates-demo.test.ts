/**
 * The demo moves in time (issue #19, decision 0037): with the local MLS as of the end of February, a
 * homeowner subscribes, an update cycle runs a month later through the admin API (what `npm run
 * home-updates -- --date 2015-04-01` calls), the local MLS moves forward to that day, and the update
 * e-mail in the outbox carries a new value from March's sales.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { CURRENT_CONSENT_VERSION, CURRENT_HOME_UPDATE_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, schema } from '@opencma/db';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { testConfig } from '../helpers/test-config';
import { pollUntil } from '../helpers/poll';
import { createPostgresTestDatabaseUrl, testDatabaseKind } from '../helpers/test-database';

const ADMIN_TOKEN = 'home-updates-demo-admin-token-0123456789';

describe(`the value-updates demo moves in time (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const postgres = await createPostgresTestDatabaseUrl();
    dropDatabase = postgres?.drop;
    system = await startSystem(
      testConfig({
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
        PDF_DISABLED: 'true',
        MLS_AS_OF: '2015-02-28',
        HOME_UPDATES_CRON: 'off',
        ADMIN_TOKEN,
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), listen: false, apiLogger: false },
    );
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await dropDatabase?.();
  });

  const newestSale = async () => {
    const res = await fetch(`${system.mlsUrl}/properties?status=Closed&sort=-closedate&limit=1`, {
      headers: { authorization: `Basic ${Buffer.from('simplyrets:simplyrets').toString('base64')}` },
    });
    return ((await res.json()) as Array<{ sales: { closeDate: string } }>)[0]!.sales.closeDate.slice(0, 10);
  };
  const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
    system.api.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload ? { payload } : {}) });

  it('subscribe, advance a month, see the update with a new value from the new sales', async () => {
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: 'demo',
        phone: '201-555-0123',
        address: '1156 N 93rd St, Seattle, WA 98103',
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    const reportId: string = res.json().report_id;
    const report = await pollUntil(async () => {
      const r = await getConsumerReport(system.database.db, reportId);
      return r?.status === 'completed' ? r : undefined;
    }, 120_000);
    expect((await newestSale()) <= '2015-02-28').toBe(true);
    expect(report.valuation!.comps.every((c) => c.sale.closeDate < '2015-03-01')).toBe(true);

    const sub = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      payload: { email: 'pat@example.com', frequency: 'monthly', consent: true, consent_version: CURRENT_HOME_UPDATE_CONSENT_VERSION },
    });
    expect(sub.statusCode).toBe(201);

    const cycle = await admin('POST', '/v1/admin/home-updates/cycles', { date: '2015-04-01' });
    expect(cycle.statusCode).toBe(202);
    expect(cycle.json().period).toBe('2015-04');
    // the local MLS is now as of the cycle's day: March's sales are there (for new reports too)
    expect(await newestSale()).toBe('2015-03-31');

    const [update] = await pollUntil(async () => {
      const rows = await system.database.db.select().from(schema.home_updates).where(eq(schema.home_updates.period, '2015-04'));
      return rows.length === 1 && rows[0]!.status === 'sent' ? rows : undefined;
    }, 120_000);
    expect((await admin('GET', '/v1/admin/home-updates/cycles/2015-04')).json().updates).toEqual({ sent: 1 });
    // valued as of 1 April with March's sales among its comps: a new value
    expect(update!.valuation!.valuationDate).toBe('2015-04-01');
    expect(update!.valuation!.comps.some((c) => c.sale.closeDate >= '2015-03-01')).toBe(true);
    expect(update!.estimate_value).not.toBeNull();
    expect(update!.estimate_value).not.toBe(report.estimate_value);

    const mail = await pollUntil(async () => system.localSmtp!.messages().find((m) => m.envelopeTo.includes('pat@example.com')), 30_000);
    expect(mail.messageId).toBe(`<home-update-${update!.id}@opencma.localhost>`);
    expect(mail.text).toContain(`$${update!.estimate_value!.toLocaleString('en-US')}`);

    // never back: a cycle at an earlier day leaves the MLS where it is
    expect((await admin('POST', '/v1/admin/home-updates/cycles', { date: '2015-03-15' })).statusCode).toBe(202);
    expect(await newestSale()).toBe('2015-03-31');
  });
});
