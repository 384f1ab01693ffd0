import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createWebhookEndpoint, ensureDemoAgent, listDeliveries, listDeliveriesForReport, webhookSecretsForUrl } from '@opencma/db';
import { generateWebhookSecret } from '@opencma/webhooks';
import { startLocalWebhookReceiver, type LocalWebhookReceiver } from '@opencma/webhooks/receiver';
import type { RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { requestReport, startTestSystem } from '../helpers/test-system';

describe(`signed webhooks end to end (${testDatabaseKind}, local receiver)`, () => {
  let system: RunningSystem;
  let receiver: LocalWebhookReceiver;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', PDF_DISABLED: 'true' }));
    // the receiver verifies each request with the secret of the endpoint registered at its URL, read from the database
    receiver = await startLocalWebhookReceiver({ secretsFor: (url) => webhookSecretsForUrl(system.database.db, url) });
  });
  afterAll(async () => {
    await stop?.();
    await receiver?.close();
  });

  it('a submitted lead reaches the endpoint as lead.created and report.completed, once each, signed', async () => {
    const demo = await ensureDemoAgent(system.database.db);
    const endpoint = await createWebhookEndpoint(system.database.db, {
      owner: { agentId: demo.id },
      url: `${receiver.url}/hooks/crm`,
      secret: generateWebhookSecret(),
      eventTypes: ['lead.created', 'report.completed', 'report.failed'],
    });
    const reportId = await requestReport(system, { phone: '201-555-0177' });

    const types = await pollUntil(
      async () => {
        const got = receiver.accepted.map((r) => r.type);
        return got.includes('lead.created') && got.includes('report.completed') ? got : undefined;
      },
      60_000,
      100,
    );
    expect(types.sort()).toEqual(['lead.created', 'report.completed']);
    expect(receiver.requests.every((r) => r.verified && r.answer === 200 && r.note === 'ok')).toBe(true);
    const created = receiver.accepted.find((r) => r.type === 'lead.created')!;
    expect(created.payload).toMatchObject({
      type: 'lead.created',
      data: {
        report_id: reportId,
        consumer_phone: '+12015550177',
        property_address: expect.stringContaining('1156 N 93rd St'),
        agent: { agent_code: 'demo' },
      },
    });
    const completed = receiver.accepted.find((r) => r.type === 'report.completed')!;
    expect(completed.payload).toMatchObject({
      data: { report_id: reportId, report_status: 'completed', report_url: expect.stringContaining(`/r/${reportId}`) },
    });

    // the delivery log shows both as sent, once; the webhook-id the receiver saw is the delivery id
    const log = await pollUntil(async () => {
      const rows = (await listDeliveriesForReport(system.database.db, { kind: 'agent', userId: demo.id }, reportId)).filter(
        (d) => d.channel === 'webhook',
      );
      return rows.length === 2 && rows.every((d) => d.status === 'sent') ? rows : undefined;
    }, 30_000);
    expect(log.map((d) => d.id).sort()).toEqual(receiver.accepted.map((r) => r.id).sort());
    expect(receiver.requests).toHaveLength(2);

    // the endpoint's delivery log (the integrations page) has both; another agent's scope sees none of them
    const byEndpoint = await listDeliveries(
      system.database.db,
      { kind: 'agent', userId: demo.id },
      { channel: 'webhook', destination: endpoint.id, limit: 50 },
    );
    expect(byEndpoint.map((d) => d.event_type).sort()).toEqual(['lead.created', 'report.completed']);
    const other = await createAgent(system.database.db, { name: 'Other Agent', phone: '+12065550166' });
    expect(
      await listDeliveries(system.database.db, { kind: 'agent', userId: other.id }, { channel: 'webhook', destination: endpoint.id, limit: 50 }),
    ).toEqual([]);
  });
});
