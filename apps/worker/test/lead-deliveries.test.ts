import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import {
  createAgent,
  finishConsumerReport,
  getConsumerReport,
  insertReportEvent,
  listDeliveriesForReport,
  listDeliveries,
  schema,
  setScopedLeadStatus,
  type Database,
} from '@opencma/db';
import type { DeliveryChannel, DeliveryOutcome, LeadEventContext } from '@opencma/delivery';
import { DELIVER_LEAD_EVENT, DISPATCH_LEAD_EVENT, type JobQueue } from '@opencma/queue';
import { deliverLeadEvent, dispatchLeadEvent, sweepDeliveries, type DeliveryDeps } from '../src/deliveries';
import { createTestDatabaseWithQueue } from '../../../tests/helpers/test-queue';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { reportEvent } from '../../../tests/helpers/report-events';

/** A channel whose answers the test scripts, recording every send (the real channels have their own tests against their stand-ins). */
class ScriptedChannel implements DeliveryChannel {
  readonly sends: { deliveryId: string; destination: string; attempt: number; ctx: LeadEventContext }[] = [];
  answers: DeliveryOutcome[] = [];
  constructor(
    readonly name: 'email' | 'webhook',
    readonly onStaleClaim: 'resend' | 'unknown',
    readonly retryWindowMs = 3600_000,
    readonly to: string[] = ['a@example.com', 'b@example.com'],
  ) {}
  async destinations(): Promise<string[]> {
    return this.to;
  }
  async send(ctx: LeadEventContext, delivery: { id: string; destination: string; attempt: number }): Promise<DeliveryOutcome> {
    this.sends.push({ deliveryId: delivery.id, destination: delivery.destination, attempt: delivery.attempt, ctx });
    return this.answers.shift() ?? { kind: 'sent', providerId: `msg-${this.sends.length}` };
  }
}

describe('lead events and deliveries', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  const logger = pino({ level: 'silent' });
  let clock = Date.now();
  const now = () => new Date(clock);

  const depsWith = (channels: DeliveryChannel[], withQueue = false): DeliveryDeps => ({
    db: database.db,
    channels,
    queue: withQueue ? queue : undefined,
    logger,
    now,
    publicBaseUrl: 'https://cma.example.com',
    backoff: { baseMs: 1000, maxMs: 60_000 },
  });
  const eventsOf = (reportId: string) =>
    database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, reportId)).orderBy(schema.lead_events.occurred_at);
  const deliveriesOf = (eventId: string) => database.db.select().from(schema.deliveries).where(eq(schema.deliveries.event_id, eventId));

  beforeAll(async () => {
    ({ database, queue, drop } = await createTestDatabaseWithQueue());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('writes lead.created with the report, report.completed with its completion, report.viewed once per session, lead.status_changed on a change', async () => {
    const report = await insertTestReport(database);
    expect((await eventsOf(report.id)).map((e) => e.type)).toEqual(['lead.created']);

    await finishConsumerReport(database.db, report.id, { status: 'completed', completed_at: new Date() });
    const view = reportEvent(report.id, 'view', 'session-one');
    expect(await insertReportEvent(database.db, { ...view, session_id: 'session-one' })).toHaveLength(1);
    expect(await insertReportEvent(database.db, { ...view, session_id: 'session-one' })).toEqual([]);
    expect(await insertReportEvent(database.db, { ...view, event_type: 'heartbeat', session_id: 'session-one' })).toEqual([]);
    expect(await insertReportEvent(database.db, { ...view, session_id: 'session-two' })).toHaveLength(1);
    const scope = { kind: 'agent' as const, userId: report.agent_id };
    expect((await setScopedLeadStatus(database.db, scope, report.id, 'contacted')).eventId).toBeTruthy();
    expect(await setScopedLeadStatus(database.db, scope, report.id, 'contacted')).toEqual({ found: true, eventId: null });

    // "Get an exact price": the first tap of the report writes cma.requested, later taps (any session) only analytics
    expect(await insertReportEvent(database.db, { ...view, event_type: 'cma.requested', session_id: 'session-one' })).toHaveLength(1);
    expect(await insertReportEvent(database.db, { ...view, event_type: 'cma.requested', session_id: 'session-two' })).toEqual([]);

    const events = await eventsOf(report.id);
    expect(events.map((e) => e.type)).toEqual([
      'lead.created',
      'report.completed',
      'report.viewed',
      'report.viewed',
      'lead.status_changed',
      'cma.requested',
    ]);
    expect(events[4]?.data).toEqual({ from: 'new', to: 'contacted' });
    expect(events.every((e) => e.agent_id === report.agent_id && e.dispatched_at === null)).toBe(true);
  });

  it('a change that rolls back leaves no event, and an event that cannot be written rolls the change back', async () => {
    // Make every event insert fail: the report insert, its completion and the status change must all fail with it.
    await database.db.execute(
      sql`create function refuse_event() returns trigger language plpgsql as $$ begin raise exception 'no events today'; end $$`,
    );
    await database.db.execute(sql`create trigger refuse_event before insert on lead_events for each row execute function refuse_event()`);
    const before = (await database.db.select({ id: schema.consumer_reports.id }).from(schema.consumer_reports)).length;
    try {
      await expect(insertTestReport(database, { property_address: '1 Rolled Back Way' })).rejects.toThrow();
      expect((await database.db.select({ id: schema.consumer_reports.id }).from(schema.consumer_reports)).length).toBe(before);
    } finally {
      await database.db.execute(sql`drop trigger refuse_event on lead_events`);
    }
    const report = await insertTestReport(database, { property_address: '2 Rolled Back Way' });
    await database.db.execute(sql`create trigger refuse_event before insert on lead_events for each row execute function refuse_event()`);
    try {
      await expect(finishConsumerReport(database.db, report.id, { status: 'failed', failure_reason: 'x' })).rejects.toThrow();
      expect((await getConsumerReport(database.db, report.id))?.status).toBe('pending');
      await expect(setScopedLeadStatus(database.db, { kind: 'agent', userId: report.agent_id }, report.id, 'lost')).rejects.toThrow();
      expect((await getConsumerReport(database.db, report.id))?.lead_status).toBe('new');
    } finally {
      await database.db.execute(sql`drop trigger refuse_event on lead_events`);
    }
    expect((await eventsOf(report.id)).map((e) => e.type)).toEqual(['lead.created']);
  });

  it('dispatch makes one delivery per destination however often it runs; duplicated deliver jobs send each once', async () => {
    const report = await insertTestReport(database, { property_address: '3 Dispatch Ave' });
    const [event] = await eventsOf(report.id);
    const email = new ScriptedChannel('email', 'unknown');
    const deps = depsWith([email], true);
    expect(await dispatchLeadEvent(deps, event!.id)).toEqual({ deliveries: 2 });
    expect(await dispatchLeadEvent(deps, event!.id)).toEqual({ deliveries: 2 });
    const rows = await deliveriesOf(event!.id);
    expect(rows.map((r) => r.destination).sort()).toEqual(['a@example.com', 'b@example.com']);
    expect((await eventsOf(report.id))[0]?.dispatched_at).not.toBeNull();
    // one queued job per delivery (the dedupe key), whatever the number of dispatches
    expect((await queue.counts(DELIVER_LEAD_EVENT)).waiting).toBe(2);

    // Each delivery's job run three times, twice at once: one send per delivery.
    const results = await Promise.all(
      rows.flatMap((r) => [deliverLeadEvent(deps, r.id), deliverLeadEvent(deps, r.id), deliverLeadEvent(deps, r.id)]),
    );
    expect(results.filter((r) => r === 'sent')).toHaveLength(2);
    expect(email.sends.map((s) => s.destination).sort()).toEqual(['a@example.com', 'b@example.com']);
    expect(email.sends[0]?.ctx.lead).toMatchObject({
      reportId: report.id,
      reportUrl: `https://cma.example.com/r/${report.id}`,
      agentLeadUrl: `https://cma.example.com/agent/leads/${report.id}`,
      phone: '+12015550123',
      propertyAddress: '3 Dispatch Ave',
    });
    const after = await deliveriesOf(event!.id);
    expect(after.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at !== null && r.provider_id?.startsWith('msg-'))).toBe(true);
  });

  it('a retry answer is retried later by a delayed job, until the retry window closes; a failure is recorded', async () => {
    const report = await insertTestReport(database, { property_address: '4 Retry Rd' });
    const [event] = await eventsOf(report.id);
    const hook = new ScriptedChannel('webhook', 'resend', 10_000, ['endpoint-1']);
    const deps = depsWith([hook], true);
    await dispatchLeadEvent(deps, event!.id);
    const [row] = await deliveriesOf(event!.id);
    const waitingBefore = (await queue.counts(DELIVER_LEAD_EVENT)).waiting;

    hook.answers = [{ kind: 'retry', error: 'HTTP 503', responseStatus: 503 }];
    expect(await deliverLeadEvent(deps, row!.id)).toBe('retrying');
    let current = (await deliveriesOf(event!.id))[0]!;
    expect(current).toMatchObject({ status: 'retrying', attempts: 1, last_error: 'HTTP 503', response_status: 503 });
    expect(current.next_attempt_at!.getTime()).toBeGreaterThan(clock);
    // not due yet: a job that runs early sends nothing
    expect(await deliverLeadEvent(deps, row!.id)).toBe('skipped');
    expect(hook.sends).toHaveLength(1);
    expect((await queue.counts(DELIVER_LEAD_EVENT)).waiting).toBeGreaterThanOrEqual(waitingBefore);

    clock = current.next_attempt_at!.getTime() + 1;
    hook.answers = [{ kind: 'sent', responseStatus: 200 }];
    expect(await deliverLeadEvent(deps, row!.id)).toBe('sent');
    current = (await deliveriesOf(event!.id))[0]!;
    expect(current).toMatchObject({ status: 'sent', attempts: 2, last_error: null, response_status: 200 });
    expect(hook.sends.map((s) => s.deliveryId)).toEqual([row!.id, row!.id]);

    // Past the window (10 s from the first attempt) a retry answer is final.
    const other = await insertTestReport(database, { property_address: '5 Window St' });
    const [otherEvent] = await eventsOf(other.id);
    await dispatchLeadEvent(deps, otherEvent!.id);
    const [otherRow] = await deliveriesOf(otherEvent!.id);
    // Whatever the jitter, the doubling waits pass 10 s within five attempts.
    hook.answers = Array.from({ length: 10 }, () => ({ kind: 'retry' as const, error: 'timeout' }));
    for (let i = 0; i < 10; i++) {
      await deliverLeadEvent(deps, otherRow!.id);
      const r = (await deliveriesOf(otherEvent!.id))[0]!;
      if (r.status !== 'retrying') break;
      clock = r.next_attempt_at!.getTime() + 1;
    }
    const failed = (await deliveriesOf(otherEvent!.id))[0]!;
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toMatch(/^gave up after \d attempt\(s\): timeout$/);
    expect(failed.attempts).toBeLessThanOrEqual(5);

    hook.answers = [{ kind: 'failed', error: 'HTTP 410', responseStatus: 410 }];
    const third = await insertTestReport(database, { property_address: '6 Gone Ct' });
    const [thirdEvent] = await eventsOf(third.id);
    await dispatchLeadEvent(deps, thirdEvent!.id);
    const [thirdRow] = await deliveriesOf(thirdEvent!.id);
    expect(await deliverLeadEvent(deps, thirdRow!.id)).toBe('failed');
    expect((await deliveriesOf(thirdEvent!.id))[0]).toMatchObject({ status: 'failed', last_error: 'HTTP 410', response_status: 410, attempts: 1 });
  });

  it('the sweeper queues undispatched events and due deliveries, and resolves stale claims as the channel says', async () => {
    const report = await insertTestReport(database, { property_address: '7 Sweep Ln' });
    const [event] = await eventsOf(report.id);
    const email = new ScriptedChannel('email', 'unknown', 3600_000, ['agent@example.com']);
    const hook = new ScriptedChannel('webhook', 'resend', 3600_000, ['endpoint-2']);
    const deps = depsWith([email, hook], true);

    clock += 60_000;
    const sweep = await sweepDeliveries(deps, { claimStaleAfterMs: 60_000 });
    expect(sweep.events).toBeGreaterThanOrEqual(1);
    expect((await queue.counts(DISPATCH_LEAD_EVENT)).waiting).toBeGreaterThanOrEqual(1);

    await dispatchLeadEvent(deps, event!.id);
    // Both rows claimed by a worker that then died (left `sending`).
    await database.db
      .update(schema.deliveries)
      .set({ status: 'sending', claim_id: sql`gen_random_uuid()`, claimed_at: new Date(clock - 120_000) })
      .where(eq(schema.deliveries.event_id, event!.id));
    const resolved = await sweepDeliveries(deps, { claimStaleAfterMs: 60_000 });
    expect(resolved.stale).toBe(2);
    const rows = await deliveriesOf(event!.id);
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ status: 'unknown' });
    const webhookRow = rows.find((r) => r.channel === 'webhook')!;
    expect(webhookRow).toMatchObject({ status: 'retrying' });
    // the webhook goes out again with the same delivery id; the e-mail never does
    expect(await deliverLeadEvent(deps, webhookRow.id)).toBe('sent');
    expect(hook.sends.at(-1)?.deliveryId).toBe(webhookRow.id);
    const emailRow = rows.find((r) => r.channel === 'email')!;
    expect(await deliverLeadEvent(deps, emailRow.id)).toBe('skipped');
    expect(email.sends).toHaveLength(0);
  });

  it("the delivery log shows an agent their own leads' deliveries and never another agent's", async () => {
    const report = await insertTestReport(database, { property_address: '8 Log St' });
    const [event] = await eventsOf(report.id);
    await dispatchLeadEvent(depsWith([new ScriptedChannel('email', 'unknown', 3600_000, ['owner@example.com'])]), event!.id);
    const stranger = await createAgent(database.db, { name: 'Someone Else' });

    const own = await listDeliveriesForReport(database.db, { kind: 'agent', userId: report.agent_id }, report.id);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      report_id: report.id,
      channel: 'email',
      destination: 'owner@example.com',
      status: 'pending',
      event_type: 'lead.created',
    });
    expect(await listDeliveriesForReport(database.db, { kind: 'agent', userId: stranger.id }, report.id)).toEqual([]);
    expect(await listDeliveries(database.db, { kind: 'agent', userId: stranger.id }, { limit: 50 })).toEqual([]);
    const mine = await listDeliveries(database.db, { kind: 'agent', userId: report.agent_id }, { channel: 'email', limit: 50 });
    expect(mine.map((d) => d.id)).toContain(own[0]!.id);
    // an account admin of another account sees none of them either
    const [otherAccount] = await database.db.insert(schema.accounts).values({ name: 'Other Realty' }).returning();
    expect(await listDeliveriesForReport(database.db, { kind: 'account', accountId: otherAccount!.id, userId: stranger.id }, report.id)).toEqual([]);
  });
});
