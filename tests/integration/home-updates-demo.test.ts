/**
 * The demo moves in time (issue #19, decision 0037): with the local MLS as of the end of February, a
 * homeowner subscribes, an update cycle runs a month later through the admin API (what `npm run
 * home-updates -- --date 2015-04-01` calls), the local MLS moves forward to that day, and the update
 * e-mail in the outbox carries a new value from March's sales.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '@opencma/runtime';
import { homeUpdatesOf, startHomeUpdatesSystem, subscribeByEmail } from '../helpers/home-updates';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { completedReport, requestReport } from '../helpers/test-system';

const ADMIN_TOKEN = 'home-updates-demo-admin-token-0123456789';

describe(`the value-updates demo moves in time (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ system, stop } = await startHomeUpdatesSystem({ MLS_AS_OF: '2015-02-28', ADMIN_TOKEN }));
  }, 180_000);
  afterAll(async () => {
    await stop?.();
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
    const reportId = await requestReport(system);
    const report = await completedReport(system, reportId, 120_000);
    expect((await newestSale()) <= '2015-02-28').toBe(true);
    expect(report.valuation!.comps.every((c) => c.sale.closeDate < '2015-03-01')).toBe(true);

    await subscribeByEmail(system, reportId, 'pat@example.com');

    const cycle = await admin('POST', '/v1/admin/home-updates/cycles', { date: '2015-04-01' });
    expect(cycle.statusCode).toBe(202);
    expect(cycle.json().period).toBe('2015-04');
    // the local MLS is now as of the cycle's day: March's sales are there (for new reports too)
    expect(await newestSale()).toBe('2015-03-31');

    const [update] = await pollUntil(async () => {
      const rows = await homeUpdatesOf(system, '2015-04');
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
