import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@opencma/runtime';
import { eq, sql } from 'drizzle-orm';
import {
  createAgent,
  createWebhookEndpoint,
  findWebhookEndpoint,
  schema,
  webhookEndpointsForAgent,
  webhookSecretsForUrl,
  type Database,
  type WebhookEndpoint,
} from '@opencma/db';
import { createWebhookChannel, generateWebhookSecret } from '@opencma/webhooks';
import { startLocalWebhookReceiver, type LocalWebhookReceiver } from '@opencma/webhooks/receiver';
import { deliverLeadEvent, dispatchLeadEvent, sweepDeliveries, type DeliveryDeps } from '@opencma/worker';
import { createTestDatabase } from '../helpers/test-database';
import { insertTestReport } from '../helpers/test-report';

/** The real webhook channel, claims and retries against the local receiver; the test moves the clock instead of waiting. */
describe('webhook deliveries: retries and stale claims through the delivery outbox', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let receiver: LocalWebhookReceiver;
  let clock = Date.now();
  let deps: DeliveryDeps;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    receiver = await startLocalWebhookReceiver({ secretsFor: (url) => webhookSecretsForUrl(database.db, url) });
    deps = {
      db: database.db,
      channels: [channelWith(['127.0.0.1'])],
      logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      now: () => new Date(clock),
      publicBaseUrl: 'https://cma.example.com',
      backoff: { baseMs: 1000, maxMs: 60_000 },
    };
  });
  afterAll(async () => {
    await receiver?.close();
    await drop?.();
  });

  /** The webhook channel wired to the database as runtime/src/adapters.ts wires it. */
  const channelWith = (allowedHosts: string[]) => {
    const target = (e: WebhookEndpoint) => ({ id: e.id, url: e.url, secret: e.secret, eventTypes: e.event_types, enabled: e.enabled });
    return createWebhookChannel({
      allowedHosts,
      timeoutMs: 5000,
      endpointsFor: async (agentId, accountId) => (await webhookEndpointsForAgent(database.db, agentId, accountId)).map(target),
      findEndpoint: async (id) => {
        const e = await findWebhookEndpoint(database.db, { kind: 'operator' }, id);
        return e && target(e);
      },
    });
  };

  const deliveryOf = async (eventId: string) => {
    const rows = await database.db.select().from(schema.deliveries).where(eq(schema.deliveries.event_id, eventId));
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('a receiver that fails 3 times then succeeds gets the event once, every attempt with the same webhook-id', async () => {
    const agent = await createAgent(database.db, { name: 'Agent 1', phone: '+12065550131' });
    const report = await insertTestReport(database, { agent_id: agent.id, property_address: '10 Retry Rd' });
    await createWebhookEndpoint(database.db, {
      owner: { agentId: report.agent_id },
      url: `${receiver.url}/hooks/retry`,
      secret: generateWebhookSecret(),
      eventTypes: ['lead.created'],
    });
    const [event] = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    expect(await dispatchLeadEvent(deps, event!.id)).toEqual({ deliveries: 1 });
    const delivery = await deliveryOf(event!.id);

    receiver.failNext(3, 500);
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      results.push(await deliverLeadEvent(deps, delivery.id));
      // a duplicated job right away sends nothing (the row is retrying and not due, or sent)
      expect(await deliverLeadEvent(deps, delivery.id)).toBe('skipped');
      const row = await deliveryOf(event!.id);
      if (row.next_attempt_at) clock = row.next_attempt_at.getTime() + 1;
    }
    expect(results).toEqual(['retrying', 'retrying', 'retrying', 'sent']);
    expect(receiver.requests.map((r) => [r.id, r.answer])).toEqual([
      [delivery.id, 500],
      [delivery.id, 500],
      [delivery.id, 500],
      [delivery.id, 200],
    ]);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]).toMatchObject({ type: 'lead.created', verified: true });
    expect(await deliveryOf(event!.id)).toMatchObject({ status: 'sent', attempts: 4, response_status: 200 });
    expect(await deliverLeadEvent(deps, delivery.id)).toBe('skipped');
    expect(receiver.requests).toHaveLength(4);
  });

  it('a claim left by a dead worker is sent again with the same webhook-id, and the receiver keeps one', async () => {
    receiver.reset();
    const agent = await createAgent(database.db, { name: 'Agent 2', phone: '+12065550132' });
    const report = await insertTestReport(database, { agent_id: agent.id, property_address: '11 Stale Claim St' });
    await createWebhookEndpoint(database.db, {
      owner: { agentId: report.agent_id },
      url: `${receiver.url}/hooks/stale`,
      secret: generateWebhookSecret(),
      eventTypes: ['lead.created'],
    });
    const [event] = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    await dispatchLeadEvent(deps, event!.id);
    const delivery = await deliveryOf(event!.id);
    expect(await deliverLeadEvent(deps, delivery.id)).toBe('sent');
    // As if the worker died after the POST but before recording it: the row is still `sending`.
    await database.db
      .update(schema.deliveries)
      .set({ status: 'sending', claim_id: sql`gen_random_uuid()`, claimed_at: new Date(clock - 120_000) })
      .where(eq(schema.deliveries.id, delivery.id));
    expect((await sweepDeliveries(deps, { claimStaleAfterMs: 60_000 })).stale).toBe(1);
    expect(await deliveryOf(event!.id)).toMatchObject({ status: 'retrying' });
    expect(await deliverLeadEvent(deps, delivery.id)).toBe('sent');
    expect(receiver.requests.map((r) => [r.id, r.note])).toEqual([
      [delivery.id, 'ok'],
      [delivery.id, 'duplicate'],
    ]);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('a private endpoint (not allow-listed) is refused at send and recorded as failed, not retried; nothing reaches it', async () => {
    receiver.reset();
    const agent = await createAgent(database.db, { name: 'Agent 3', phone: '+12065550133' });
    const report = await insertTestReport(database, { agent_id: agent.id, property_address: '12 Loopback Ln' });
    await createWebhookEndpoint(database.db, {
      owner: { agentId: report.agent_id },
      url: `${receiver.url.replace('http:', 'https:')}/hooks/inside`,
      secret: generateWebhookSecret(),
      eventTypes: ['lead.created'],
    });
    const [event] = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    const strict = { ...deps, channels: [channelWith([])] };
    await dispatchLeadEvent(strict, event!.id);
    const delivery = await deliveryOf(event!.id);
    expect(await deliverLeadEvent(strict, delivery.id)).toBe('failed');
    expect(await deliveryOf(event!.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: expect.stringContaining('127.0.0.1, a loopback address'),
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
