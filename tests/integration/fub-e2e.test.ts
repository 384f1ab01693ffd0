/**
 * End to end in the embedded system: FUB_API_URL unset → `startSystem` runs the local Follow Up Boss
 * stand-in and the worker sends to it. A lead submitted through the API reaches it as exactly one
 * Seller Inquiry, with the report's estimate, and is listed on the dev outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ensureDemoAgent, schema, setFubApiKey } from '@opencma/db';
import type { RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { requestReport, startTestSystem } from '../helpers/test-system';

const KEY = 'fka_e2eKey0123456789abcdefE2E1';

describe(`lead → Follow Up Boss stand-in, end to end (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem({ PDF_DISABLED: 'true', DELIVERY_RETRY_BASE_MS: '1000' }));
    const demo = await ensureDemoAgent(system.database.db);
    await setFubApiKey(system.database.db, { agentId: demo.id }, KEY);
  });
  afterAll(async () => {
    await stop?.();
  });

  it('a submitted lead arrives once as a Seller Inquiry with its estimate and report link', async () => {
    expect(system.localFub).not.toBeNull();
    const reportId = await requestReport(system, { phone: '201-555-0177' });

    const fub = system.localFub!;
    const inquiry = await pollUntil(async () => fub.events.find((e) => e.body.type === 'Seller Inquiry'), 180_000, 250);
    expect(inquiry.body).toMatchObject({
      source: 'OpenCMA',
      system: 'OpenCMA',
      person: { phones: [{ value: '+12015550177', type: 'mobile' }] },
      property: { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103' },
    });
    expect(inquiry.apiKeyLast4).toBe('E2E1');
    expect(inquiry.body.message).toMatch(/Estimated value: \$[\d,]+ \(range \$[\d,]+–\$[\d,]+\)/);
    expect(inquiry.body.message).toContain(`/r/${reportId}`);

    const [created] = await system.database.db
      .select()
      .from(schema.lead_events)
      .where(eq(schema.lead_events.report_id, reportId))
      .then((rows) => rows.filter((r) => r.type === 'lead.created'));
    const rows = await pollUntil(async () => {
      const r = await system.database.db.select().from(schema.deliveries).where(eq(schema.deliveries.event_id, created!.id));
      return r.length === 1 && r[0]!.status === 'sent' ? r : undefined;
    }, 30_000);
    expect(rows[0]).toMatchObject({ channel: 'fub', status: 'sent', provider_id: String(inquiry.personId) });
    expect(fub.events.filter((e) => e.body.type === 'Seller Inquiry')).toHaveLength(1);

    const outbox = await system.api.inject({ method: 'GET', url: '/v1/dev/outbox/fub' });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().events[0]).toMatchObject({ type: 'Seller Inquiry', api_key_last4: 'E2E1' });
    expect(outbox.body).not.toContain(KEY);
  });
});
