import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getConsumerReport, listSmsLogs, schema, updateAgentByCode } from '@opencma/db';
import { DELIVER_LEAD_EVENT, DISPATCH_LEAD_EVENT } from '@opencma/queue';
import type { RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { requestReport, startTestSystem } from '../helpers/test-system';

const AGENT_EMAIL = 'demo-agent@example.com';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe(`lead e-mail end to end (local SMTP server, ${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem({
      PDF_DISABLED: 'true',
      DELIVERY_RETRY_BASE_MS: '1000',
      DEDUPE_WINDOW_HOURS: '0',
    }));
    await updateAgentByCode(system.database.db, 'demo', { email: AGENT_EMAIL });
  });
  afterAll(async () => {
    await stop?.();
  });

  const db = () => system.database.db;
  const submit = (address: string) => requestReport(system, { address });
  /** The lead's e-mail delivery rows. */
  const emailDeliveries = (reportId: string) =>
    db()
      .select({ delivery: schema.deliveries, event: schema.lead_events })
      .from(schema.deliveries)
      .innerJoin(schema.lead_events, eq(schema.lead_events.id, schema.deliveries.event_id))
      .where(eq(schema.lead_events.report_id, reportId));
  const mailsFor = (deliveryId: string) => system.localSmtp!.messages().filter((m) => m.messageId === `<${deliveryId}@opencma.localhost>`);
  const finished = (reportId: string) =>
    pollUntil(async () => {
      const r = await getConsumerReport(db(), reportId);
      return r && (r.status === 'completed' || r.status === 'failed') ? r : undefined;
    }, 60_000);
  const textsSent = async (reportId: string) =>
    pollUntil(async () => {
      const logs = await listSmsLogs(db(), { reportId });
      return logs.length === 2 && logs.every((l) => l.status === 'sent') ? logs : undefined;
    }, 60_000);
  const queuesIdle = () =>
    pollUntil(async () => {
      const counts = await Promise.all([system.queue.counts(DELIVER_LEAD_EVENT), system.queue.counts(DISPATCH_LEAD_EVENT)]);
      return counts.every((c) => c.waiting === 0 && c.active === 0) ? true : undefined;
    }, 60_000);

  it('one lead → one e-mail to the agent (HTML + text, the lead and both links), beside the texts; repeated jobs send no second one', async () => {
    const reportId = await submit('1156 N 93rd St, Seattle, WA 98103');
    const report = await finished(reportId);
    const [row] = await pollUntil(async () => {
      const rows = await emailDeliveries(reportId);
      return rows.length === 1 && rows[0]!.delivery.status === 'sent' ? rows : undefined;
    }, 60_000);
    expect(row!.delivery).toMatchObject({ channel: 'email', destination: AGENT_EMAIL, attempts: 1, response_status: 250, last_error: null });
    expect(row!.event.type).toBe(report.status === 'completed' ? 'report.completed' : 'report.failed');
    const [mail, ...more] = mailsFor(row!.delivery.id);
    expect(more).toHaveLength(0);
    expect(mail!.envelopeTo).toEqual([AGENT_EMAIL]);
    expect(mail!.subject).toBe('New lead: 1156 N 93rd St, Seattle, WA 98103');
    expect(mail!.html).toContain(`http://localhost:3000/r/${reportId}`);
    expect(mail!.text).toContain(`http://localhost:3000/agent/leads/${reportId}`);
    expect(mail!.text).toContain('(201) 555-0123');
    if (report.estimate_low !== null) expect(mail!.text).toMatch(/Estimate: \$[\d,]+ – \$[\d,]+/);
    await textsSent(reportId);

    // Every event of the lead dispatched; the duplicated and retried jobs of each change nothing.
    const events = await db().select().from(schema.lead_events).where(eq(schema.lead_events.report_id, reportId));
    expect(events.map((e) => e.type).sort()).toEqual(['lead.created', row!.event.type].sort());
    for (let i = 0; i < 3; i++) {
      for (const e of events) await system.queue.enqueue(DISPATCH_LEAD_EVENT, { event_id: e.id }, { dedupeKey: `${e.id}-again-${i}` });
      await system.queue.enqueue(DELIVER_LEAD_EVENT, { delivery_id: row!.delivery.id }, { dedupeKey: `${row!.delivery.id}-again-${i}` });
    }
    await queuesIdle();
    expect(await emailDeliveries(reportId)).toHaveLength(1);
    expect(mailsFor(row!.delivery.id)).toHaveLength(1);
    const opened = await pollUntil(async () => {
      const e = await db().select().from(schema.lead_events).where(eq(schema.lead_events.report_id, reportId));
      return e.every((x) => x.dispatched_at !== null) ? e : undefined;
    }, 30_000);
    expect(opened).toHaveLength(2);
  });

  it('"Get an exact price" on the report → one "asked for an exact price" e-mail, however often it is tapped', async () => {
    const reportId = await submit('4 Exact Price Ave, Seattle, WA 98103');
    await finished(reportId);
    await textsSent(reportId);
    const tap = (session: string) =>
      system.api.inject({
        method: 'POST',
        url: `/v1/consumer-reports/${reportId}/events`,
        payload: { type: 'cma.requested', session_id: session },
        headers: { 'user-agent': IPHONE },
      });
    expect((await tap('session-visit-1')).statusCode).toBe(204);
    expect((await tap('session-visit-1')).statusCode).toBe(204);
    expect((await tap('session-visit-2')).statusCode).toBe(204);
    const cma = await pollUntil(async () => {
      const rows = (await emailDeliveries(reportId)).filter((r) => r.event.type === 'cma.requested');
      return rows.length === 1 && rows[0]!.delivery.status === 'sent' ? rows[0]!.delivery : undefined;
    }, 60_000);
    await queuesIdle();
    const events = await db().select().from(schema.lead_events).where(eq(schema.lead_events.report_id, reportId));
    expect(events.filter((e) => e.type === 'cma.requested')).toHaveLength(1);
    const [mail, ...more] = mailsFor(cma.id);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('4 Exact Price Ave, Seattle, WA 98103 asked for an exact price');
    expect(mail!.text).toContain('(201) 555-0123');
    expect(mail!.text).toContain(`http://localhost:3000/agent/leads/${reportId}`);
  });

  it('an SMTP server that answers 4xx or drops the connection: recorded, retried, delivered once; the report and texts are unaffected', async () => {
    system.localSmtp!.failNext({ kind: 'reject', code: 451, message: 'Greylisted' }, { kind: 'drop' });
    const reportId = await submit('2 Greylist Way, Seattle, WA 98103');
    await finished(reportId);
    await textsSent(reportId);
    const sent = await pollUntil(async () => {
      const rows = await emailDeliveries(reportId);
      return rows[0]?.delivery.status === 'sent' ? rows[0].delivery : undefined;
    }, 60_000);
    expect(sent.attempts).toBe(3);
    expect(mailsFor(sent.id)).toHaveLength(1);
  });

  it('a 5xx answer is recorded as failed and not retried; the report and texts are unaffected', async () => {
    system.localSmtp!.failNext({ kind: 'reject', code: 550, message: 'No such mailbox' });
    const reportId = await submit('3 Bounce Blvd, Seattle, WA 98103');
    const report = await finished(reportId);
    const failed = await pollUntil(async () => {
      const rows = await emailDeliveries(reportId);
      return rows[0]?.delivery.status === 'failed' ? rows[0].delivery : undefined;
    }, 60_000);
    expect(failed).toMatchObject({ attempts: 1, response_status: 550 });
    expect(failed.last_error).toContain('No such mailbox');
    expect(mailsFor(failed.id)).toHaveLength(0);
    expect(['completed', 'failed']).toContain(report.status);
    await textsSent(reportId);
  });
});
