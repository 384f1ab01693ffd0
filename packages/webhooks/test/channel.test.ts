import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createWebhookChannel, type WebhookTarget } from '../src/channel';
import type { LeadEventContext } from '@opencma/delivery';
import { startLocalWebhookReceiver, type LocalWebhookReceiver } from '../src/receiver/server';
import { generateWebhookSecret } from '../src/signing';
import type { Resolver } from '../src/ssrf';

const secret = generateWebhookSecret();
let receiver: LocalWebhookReceiver;
let endpoints: WebhookTarget[];

const ctx = (type: LeadEventContext['event']['type'] = 'lead.created', id = 'evt-1'): LeadEventContext => ({
  event: { id, type, occurredAt: '2026-12-06T05:00:00.000Z', data: type === 'lead.status_changed' ? { from: 'new', to: 'contacted' } : {} },
  lead: {
    reportId: 'r_abc',
    reportUrl: 'https://cma.example.com/r/r_abc',
    agentLeadUrl: 'https://cma.example.com/agent/leads/r_abc',
    phone: '+12065550123',
    propertyAddress: '123 Main St, Seattle, WA 98101',
    status: 'completed',
    leadStatus: 'new',
    estimate: { value: 750000, low: 700000, high: 800000 },
    createdAt: '2026-12-06T04:59:00.000Z',
    failureReason: null,
  },
  agent: {
    id: 'agent-1',
    accountId: null,
    name: 'Dana Agent',
    phone: '+12065550100',
    email: null,
    agentCode: 'dana',
    brandColor: null,
    brokerage: null,
  },
});

function channel(opts: { allowedHosts?: string[]; timeoutMs?: number; resolve?: Resolver } = {}) {
  return createWebhookChannel({
    allowedHosts: opts.allowedHosts ?? ['127.0.0.1'],
    timeoutMs: opts.timeoutMs ?? 5000,
    resolve: opts.resolve,
    endpointsFor: async () => endpoints,
    findEndpoint: async (id) => endpoints.find((e) => e.id === id) ?? null,
  });
}

beforeAll(async () => {
  // the receiver knows each endpoint's secret by its path (the tests point endpoints at it under other host names too)
  const pathOf = (url: string) => new URL(url).pathname;
  receiver = await startLocalWebhookReceiver({ secretsFor: (url) => endpoints.filter((e) => pathOf(e.url) === pathOf(url)).map((e) => e.secret) });
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.reset();
  endpoints = [
    { id: 'ep-1', url: `${receiver.url}/hooks/one`, secret, eventTypes: ['lead.created', 'report.completed'], enabled: true },
    { id: 'ep-2', url: `${receiver.url}/hooks/two`, secret: generateWebhookSecret(), eventTypes: ['lead.status_changed'], enabled: true },
    { id: 'ep-3', url: `${receiver.url}/hooks/three`, secret: generateWebhookSecret(), eventTypes: ['lead.created'], enabled: false },
  ];
});

describe('the webhook channel against the local receiver', () => {
  it('goes to the enabled endpoints that subscribe to the event type', async () => {
    const ch = channel();
    expect(ch).toMatchObject({ name: 'webhook', onStaleClaim: 'resend', retryWindowMs: 24 * 3_600_000 });
    expect(await ch.destinations(ctx('lead.created'))).toEqual(['ep-1']);
    expect(await ch.destinations(ctx('lead.status_changed'))).toEqual(['ep-2']);
    expect(await ch.destinations(ctx('report.viewed'))).toEqual([]);
  });

  it('posts one signed webhook that the standardwebhooks library verifies', async () => {
    const outcome = await channel().send(ctx(), { id: 'dlv-1', destination: 'ep-1', attempt: 1 });
    expect(outcome).toEqual({ kind: 'sent', responseStatus: 200 });
    expect(receiver.accepted).toHaveLength(1);
    const got = receiver.accepted[0]!;
    expect(got).toMatchObject({ id: 'dlv-1', path: '/hooks/one', type: 'lead.created', verified: true });
    expect(got.payload).toEqual({
      type: 'lead.created',
      timestamp: '2026-12-06T05:00:00.000Z',
      data: {
        event_id: 'evt-1',
        report_id: 'r_abc',
        report_url: 'https://cma.example.com/r/r_abc',
        agent_lead_url: 'https://cma.example.com/agent/leads/r_abc',
        consumer_phone: '+12065550123',
        property_address: '123 Main St, Seattle, WA 98101',
        report_status: 'completed',
        lead_status: 'new',
        estimate: { value: 750000, low: 700000, high: 800000 },
        failure_reason: null,
        lead_created_at: '2026-12-06T04:59:00.000Z',
        agent: { id: 'agent-1', name: 'Dana Agent', agent_code: 'dana' },
        detail: {},
      },
    });
  });

  it('a receiver with the wrong secret answers 401 and the delivery is failed, not retried', async () => {
    // the sender signs with a secret the receiver does not know
    const ch = createWebhookChannel({
      allowedHosts: ['127.0.0.1'],
      timeoutMs: 5000,
      endpointsFor: async () => [],
      findEndpoint: async () => ({ ...endpoints[0]!, secret: generateWebhookSecret() }),
    });
    expect(await ch.send(ctx(), { id: 'dlv-x', destination: 'ep-1', attempt: 1 })).toEqual({
      kind: 'failed',
      error: 'HTTP 401',
      responseStatus: 401,
    });
    expect(receiver.accepted).toHaveLength(0);
    expect(receiver.requests[0]).toMatchObject({ answer: 401, verified: false });
  });

  it('a receiver that fails 3 times then succeeds gets the event once, with the same webhook-id each time', async () => {
    receiver.failNext(3, 500);
    const ch = channel();
    const outcomes = [];
    for (let attempt = 1; attempt <= 4; attempt++) outcomes.push(await ch.send(ctx(), { id: 'dlv-2', destination: 'ep-1', attempt }));
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'retry', 'sent']);
    expect(outcomes[0]).toMatchObject({ error: 'HTTP 500', responseStatus: 500 });
    expect(receiver.requests.map((r) => r.id)).toEqual(['dlv-2', 'dlv-2', 'dlv-2', 'dlv-2']);
    expect(receiver.accepted).toHaveLength(1);
    // a resend after a stale claim carries the same id: the receiver dedupes it
    expect(await ch.send(ctx(), { id: 'dlv-2', destination: 'ep-1', attempt: 5 })).toMatchObject({ kind: 'sent' });
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.requests.at(-1)).toMatchObject({ note: 'duplicate' });
  });

  it('honours Retry-After on 429', async () => {
    receiver.rateLimitNext(120);
    expect(await channel().send(ctx(), { id: 'dlv-3', destination: 'ep-1', attempt: 1 })).toEqual({
      kind: 'retry',
      error: 'HTTP 429',
      responseStatus: 429,
      retryAfterMs: 120_000,
    });
  });

  it('an answer slower than the timeout is retried', async () => {
    receiver.delayNext(3000);
    const outcome = await channel({ timeoutMs: 300 }).send(ctx(), { id: 'dlv-4', destination: 'ep-1', attempt: 1 });
    expect(outcome).toMatchObject({ kind: 'retry', error: 'no answer within 300 ms' });
  });

  it('a refused connection is retried', async () => {
    endpoints[0]!.url = 'http://127.0.0.1:1/hooks/one';
    expect(await channel().send(ctx(), { id: 'dlv-5', destination: 'ep-1', attempt: 1 })).toMatchObject({
      kind: 'retry',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('other 4xx are failed', async () => {
    receiver.failNext(1, 410);
    expect(await channel().send(ctx(), { id: 'dlv-6', destination: 'ep-1', attempt: 1 })).toEqual({
      kind: 'failed',
      error: 'HTTP 410',
      responseStatus: 410,
    });
  });

  it('does not follow a redirect (e.g. to the cloud metadata address)', async () => {
    const target = await startLocalWebhookReceiver({ secretsFor: () => [secret] });
    try {
      receiver.redirectNext(`${target.url}/latest/meta-data`);
      const outcome = await channel().send(ctx(), { id: 'dlv-7', destination: 'ep-1', attempt: 1 });
      expect(outcome).toEqual({ kind: 'failed', error: 'HTTP 302: redirects are not followed', responseStatus: 302 });
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('checks the address again at send: a private endpoint is refused unless its host is allow-listed', async () => {
    const outcome = await channel({ allowedHosts: [] }).send(ctx(), { id: 'dlv-8', destination: 'ep-1', attempt: 1 });
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringContaining('refused: ') });
    expect(receiver.requests).toHaveLength(0);
  });

  it('a name that resolves to a private address at send time is refused (DNS changed after registration)', async () => {
    endpoints[0]!.url = `https://hooks.example.com:${receiver.port}/hooks/one`;
    const rebinding: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const outcome = await channel({ allowedHosts: [], resolve: rebinding }).send(ctx(), { id: 'dlv-9', destination: 'ep-1', attempt: 1 });
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringContaining('127.0.0.1, a loopback address') });
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    // hooks.test exists only in the checked answer: the request can reach the receiver only through it
    endpoints[0]!.url = `http://hooks.test:${receiver.port}/hooks/one`;
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const outcome = await channel({ allowedHosts: ['hooks.test'], resolve }).send(ctx(), { id: 'dlv-10', destination: 'ep-1', attempt: 1 });
    expect(outcome).toEqual({ kind: 'sent', responseStatus: 200 });
    expect(lookups).toBe(1);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('a deleted or disabled endpoint is failed without a request', async () => {
    const ch = channel();
    expect(await ch.send(ctx(), { id: 'dlv-11', destination: 'gone', attempt: 1 })).toEqual({ kind: 'failed', error: 'the endpoint was deleted' });
    expect(await ch.send(ctx(), { id: 'dlv-12', destination: 'ep-3', attempt: 1 })).toEqual({ kind: 'failed', error: 'the endpoint is disabled' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('the signature covers id, timestamp and body: a tampered body does not verify', () => {
    const wh = new Webhook(secret);
    const body = JSON.stringify({ type: 'lead.created' });
    const at = new Date();
    const headers = { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign('x', at, body) };
    expect(() => wh.verify(body, headers)).not.toThrow();
    expect(() => wh.verify(`${body} `, headers)).toThrow();
  });
});
