/**
 * Follow Up Boss through the real delivery machinery (dispatch_lead_event / deliver_lead_event) and the
 * real FUB client against the local stand-in: one lead → one Seller Inquiry however often the jobs run,
 * views → Viewed Page, 429/5xx retried, a revoked key recorded as failed and shown in the delivery log,
 * a stale claim marked unknown (never sent blindly twice).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import {
  ensureDemoAgent,
  finishConsumerReport,
  fubConnectionForAgent,
  insertReportEvent,
  listDeliveriesForReport,
  readFubApiKey,
  removeFubApiKey,
  schema,
  setFubApiKey,
  setScopedLeadStatus,
  type Agent,
  type Database,
} from '@opencma/db';
import { createFubChannel, createFubClient } from '@opencma/fub';
import { startFubStandIn, type FubStandIn } from '@opencma/fub/stand-in';
import { deliverLeadEvent, dispatchLeadEvent, sweepDeliveries, type DeliveryDeps } from '@opencma/worker';
import { createTestDatabase } from '../helpers/test-database';
import { insertTestReport } from '../helpers/test-report';
import { reportEvent } from '../helpers/report-events';

const KEY = 'fka_deliveriesTestKey0123456789KEY1';

describe('Follow Up Boss deliveries against the local stand-in', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let fub: FubStandIn;
  let agent: Agent;
  let clock = Date.now();
  const logLines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });

  const deps = (): DeliveryDeps => ({
    db: database.db,
    channels: [
      createFubChannel({
        client: createFubClient({ baseUrl: fub.url, systemName: 'OpenCMA-test', timeoutMs: 5000 }),
        systemName: 'OpenCMA-test',
        now: () => new Date(clock),
        store: {
          connectionFor: (agentId, accountId) => fubConnectionForAgent(database.db, agentId, accountId),
          apiKeyOf: (id) => readFubApiKey(database.db, id),
        },
      }),
    ],
    logger,
    now: () => new Date(clock),
    publicBaseUrl: 'https://cma.example.com',
    backoff: { baseMs: 1000, maxMs: 60_000 },
  });
  const eventsOf = (reportId: string) =>
    database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, reportId)).orderBy(schema.lead_events.occurred_at);
  const fubRowsOf = async (eventId: string) =>
    (await database.db.select().from(schema.deliveries).where(eq(schema.deliveries.event_id, eventId))).filter((r) => r.channel === 'fub');

  /** A completed lead with an estimate, its lead.created event dispatched; returns the report and its one FUB delivery row. */
  const completedLead = async (address: string) => {
    const report = await insertTestReport(database, { property_address: address });
    await finishConsumerReport(database.db, report.id, {
      status: 'completed',
      completed_at: new Date(),
      estimate_value: 805_000,
      estimate_low: 760_000,
      estimate_high: 850_000,
    });
    const created = (await eventsOf(report.id)).find((e) => e.type === 'lead.created')!;
    await dispatchLeadEvent(deps(), created.id);
    const [row] = await fubRowsOf(created.id);
    return { report, event: created, row: row! };
  };

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    fub = await startFubStandIn({ apiKeys: [KEY] });
    agent = await ensureDemoAgent(database.db);
    await setFubApiKey(database.db, { agentId: agent.id }, KEY);
  });
  afterAll(async () => {
    await fub?.close();
    await drop?.();
  });
  beforeEach(() => fub.reset());

  it('one lead → one Seller Inquiry with phone, address, estimate and report link, however often the jobs run', async () => {
    const { report, event, row } = await completedLead('1156 N 93rd St, Seattle, WA 98103');
    expect(row).toMatchObject({ channel: 'fub', status: 'pending' });
    // dispatch again: still one delivery
    await dispatchLeadEvent(deps(), event.id);
    expect(await fubRowsOf(event.id)).toHaveLength(1);
    // the deliver job run three times, twice at once
    const results = await Promise.all([deliverLeadEvent(deps(), row.id), deliverLeadEvent(deps(), row.id)]);
    results.push(await deliverLeadEvent(deps(), row.id));
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(fub.events).toHaveLength(1);
    const body = fub.events[0]!.body;
    expect(body).toMatchObject({
      source: 'OpenCMA',
      type: 'Seller Inquiry',
      person: { phones: [{ value: '+12015550123', type: 'mobile' }] },
      property: { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103', price: 805_000 },
    });
    expect(body.message).toContain('$805,000 (range $760,000–$850,000)');
    expect(body.message).toContain(`https://cma.example.com/r/${report.id}`);
    expect((await fubRowsOf(event.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider_id: String(fub.events[0]!.personId),
      response_status: 201,
    });
  });

  it('a report view → Viewed Page; a status change is not sent to Follow Up Boss', async () => {
    const { report, row } = await completedLead('12211 SE 65th St, Bellevue, WA 98006');
    await deliverLeadEvent(deps(), row.id);
    await insertReportEvent(database.db, reportEvent(report.id, 'view', 'fub-session-1'));
    await setScopedLeadStatus(database.db, { kind: 'agent', userId: report.agent_id }, report.id, 'contacted');
    const events = await eventsOf(report.id);
    for (const e of events.filter((x) => x.type !== 'lead.created')) await dispatchLeadEvent(deps(), e.id);
    const viewed = events.find((e) => e.type === 'report.viewed')!;
    const [viewRow] = await fubRowsOf(viewed.id);
    expect(await deliverLeadEvent(deps(), viewRow!.id)).toBe('sent');
    expect(await fubRowsOf(events.find((e) => e.type === 'lead.status_changed')!.id)).toEqual([]);
    expect(await fubRowsOf(events.find((e) => e.type === 'report.completed')!.id)).toEqual([]);
    expect(fub.events.map((e) => e.body.type)).toEqual(['Seller Inquiry', 'Viewed Page']);
    expect(fub.events[1]!.body.pageUrl).toBe(`https://cma.example.com/r/${report.id}`);
    expect(fub.events[1]!.personId).toBe(fub.events[0]!.personId);
  });

  it('429 (Retry-After) and 5xx are retried by later jobs; the event arrives once', async () => {
    const { event, row } = await completedLead('1 Retry Way, Seattle, WA 98101');
    fub.failNext(429, 1, { retryAfterSeconds: 20 });
    fub.failNext(503, 1);
    expect(await deliverLeadEvent(deps(), row.id)).toBe('retrying');
    let current = (await fubRowsOf(event.id))[0]!;
    expect(current).toMatchObject({ status: 'retrying', response_status: 429, attempts: 1 });
    expect(current.next_attempt_at!.getTime()).toBeGreaterThanOrEqual(clock + 20_000);
    clock = current.next_attempt_at!.getTime() + 1;
    expect(await deliverLeadEvent(deps(), row.id)).toBe('retrying');
    current = (await fubRowsOf(event.id))[0]!;
    expect(current).toMatchObject({ status: 'retrying', response_status: 503, attempts: 2 });
    clock = current.next_attempt_at!.getTime() + 1;
    expect(await deliverLeadEvent(deps(), row.id)).toBe('sent');
    expect(fub.events).toHaveLength(1);
    expect(fub.requestCount).toBe(3);
  });

  it('a revoked key (401) is recorded as failed and shown in the delivery log, without the key', async () => {
    const { report, event, row } = await completedLead('2 Revoked Rd, Seattle, WA 98102');
    fub.revokeKey(KEY);
    expect(await deliverLeadEvent(deps(), row.id)).toBe('failed');
    expect((await fubRowsOf(event.id))[0]).toMatchObject({ status: 'failed', response_status: 401, attempts: 1 });
    const log = await listDeliveriesForReport(database.db, { kind: 'agent', userId: report.agent_id }, report.id);
    const shown = log.find((d) => d.channel === 'fub')!;
    expect(shown.status).toBe('failed');
    expect(shown.last_error).toMatch(/refused the API key \(401/);
    expect(JSON.stringify(log)).not.toContain(KEY);
    expect(fub.events).toHaveLength(0);
  });

  it('a send whose worker died (stale claim) is marked unknown and never sent again', async () => {
    const { event, row } = await completedLead('3 Stale St, Seattle, WA 98103');
    await database.db
      .update(schema.deliveries)
      .set({ status: 'sending', claim_id: sql`gen_random_uuid()`, claimed_at: new Date(clock - 120_000) })
      .where(eq(schema.deliveries.id, row.id));
    await sweepDeliveries(deps(), { claimStaleAfterMs: 60_000 });
    expect((await fubRowsOf(event.id))[0]).toMatchObject({ status: 'unknown' });
    expect(await deliverLeadEvent(deps(), row.id)).toBe('skipped');
    expect(fub.requestCount).toBe(0);
  });

  it('an agent without a key (own or account) gets no Follow Up Boss delivery', async () => {
    await removeFubApiKey(database.db, { agentId: agent.id });
    try {
      const { row } = await completedLead('4 Keyless Ln, Seattle, WA 98104');
      expect(row).toBeUndefined();
    } finally {
      await setFubApiKey(database.db, { agentId: agent.id }, KEY);
    }
  });

  it('the key never appears in the logs', () => {
    expect(logLines.length).toBeGreaterThan(3);
    expect(logLines.join('\n')).not.toContain(KEY);
  });
});
