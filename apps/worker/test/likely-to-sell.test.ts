import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { finishConsumerReport, getConsumerReport, insertReportEvent, schema, type Database, type NewReportEvent } from '@opencma/db';
import { createTestDatabase } from '../../../tests/helpers/test-database';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { reportEvent } from '../../../tests/helpers/report-events';

describe('likely to sell: marking the lead and alerting once (decision 0029)', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
  });
  afterAll(async () => {
    await drop?.();
  });

  const event = (reportId: string, type: NewReportEvent['event_type'], day: string, session = `s-${day}`): NewReportEvent =>
    reportEvent(reportId, type, session, { viewed_at: new Date(`${day}T12:00:00.000Z`) });
  const signalEvents = (reportId: string) =>
    database.db
      .select()
      .from(schema.lead_events)
      .where(and(eq(schema.lead_events.report_id, reportId), eq(schema.lead_events.type, 'lead.likely_to_sell')));

  it('marks the lead and writes lead.likely_to_sell with the event that crossed the threshold, then never again', async () => {
    const report = await insertTestReport(database);
    await finishConsumerReport(database.db, report.id, { status: 'completed', completed_at: new Date() });

    // 3 visit days (2 repeat points) + PDF (1) = 3: below the threshold
    for (const day of ['2026-11-01', '2026-11-03', '2026-11-06']) await insertReportEvent(database.db, event(report.id, 'view', day));
    expect(await insertReportEvent(database.db, event(report.id, 'pdf_download', '2026-11-06'))).toEqual([]);
    expect((await getConsumerReport(database.db, report.id))?.likely_to_sell_at).toBeNull();

    // the net-proceeds calculator (2) makes 5: crossed
    const ids = await insertReportEvent(database.db, event(report.id, 'net_proceeds', '2026-11-06'));
    expect(ids).toHaveLength(1);
    const [signal] = await signalEvents(report.id);
    expect(signal?.id).toBe(ids[0]);
    expect(signal?.data).toMatchObject({ score: 5 });
    expect((await getConsumerReport(database.db, report.id))?.likely_to_sell_at?.toISOString()).toBe('2026-11-06T12:00:00.000Z');

    // more signals, some at the same time, never alert again
    const more = await Promise.all([
      insertReportEvent(database.db, event(report.id, 'contact_tap', '2026-11-07')),
      insertReportEvent(database.db, event(report.id, 'cma.requested', '2026-11-07')),
      insertReportEvent(database.db, event(report.id, 'view', '2026-11-08')),
    ]);
    // the new session's report.viewed and the report's first cma.requested; no second lead.likely_to_sell
    expect(more.flat()).toHaveLength(2);
    expect(await signalEvents(report.id)).toHaveLength(1);
  });

  it('concurrent crossing events alert once', async () => {
    const report = await insertTestReport(database, { property_address: '200 Race Ave, Seattle, WA 98101' });
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']) await insertReportEvent(database.db, event(report.id, 'view', day));
    // 3 repeat points: each of these alone crosses 5 with them; together they race for the mark
    await Promise.all([
      insertReportEvent(database.db, event(report.id, 'cma.requested', '2026-11-02')),
      insertReportEvent(database.db, event(report.id, 'contact_tap', '2026-11-02')),
      insertReportEvent(database.db, event(report.id, 'net_proceeds', '2026-11-02')),
      insertReportEvent(database.db, event(report.id, 'cma.requested', '2026-11-02', 'other')),
    ]);
    expect(await signalEvents(report.id)).toHaveLength(1);
    expect((await getConsumerReport(database.db, report.id))?.likely_to_sell_at).not.toBeNull();
  });

  it('events that are not signals (heartbeats, sections, shares) never score', async () => {
    const report = await insertTestReport(database, { property_address: '300 Quiet St, Seattle, WA 98101' });
    for (const type of ['heartbeat', 'section_view', 'share', 'heartbeat', 'share'] as const) {
      expect(await insertReportEvent(database.db, event(report.id, type, '2026-11-01'))).toEqual([]);
    }
    expect(await signalEvents(report.id)).toHaveLength(0);
  });
});
