import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFubChannel, createFubClient, type FubConnectionStore } from '../src/index';
import { ESTIMATE_WAIT_MS } from '../src/channel';
import { startFubStandIn, type FubStandIn } from '../src/server/stand-in';
import { leadContext } from './fixtures';

const KEY = 'fka_0123456789abcdefTEST';
const OTHER_KEY = 'fka_fedcba9876543210OTHR';
let fub: FubStandIn;

beforeAll(async () => {
  fub = await startFubStandIn({ apiKeys: [KEY, OTHER_KEY] });
});
afterAll(() => fub.close());
beforeEach(() => fub.reset());

const keys = new Map<string, string>([['conn-1', KEY]]);
const store: FubConnectionStore = {
  connectionFor: async (agentId) => (agentId === 'agent-1' ? { id: 'conn-1' } : null),
  apiKeyOf: async (id) => keys.get(id) ?? null,
};
const channel = () =>
  createFubChannel({
    client: createFubClient({ baseUrl: fub.url, systemName: 'OpenCMA-test', systemKey: 'sys-key', timeoutMs: 5000 }),
    store,
    systemName: 'OpenCMA-test',
  });
const delivery = (attempt = 1) => ({ id: 'delivery-1', destination: 'conn-1', attempt });

describe('Follow Up Boss channel against the local stand-in', () => {
  it('declares a 24 h retry window and marks stale claims unknown', () => {
    expect(channel().retryWindowMs).toBe(24 * 60 * 60 * 1000);
    expect(channel().onStaleClaim).toBe('unknown');
    expect(channel().name).toBe('fub');
  });

  it('goes to the connection that applies to the agent, for new leads and views only', async () => {
    const c = channel();
    expect(await c.destinations(leadContext('lead.created'))).toEqual(['conn-1']);
    expect(await c.destinations(leadContext('report.viewed'))).toEqual(['conn-1']);
    for (const type of ['lead.status_changed', 'report.completed', 'report.failed', 'cma.requested'] as const) {
      expect(await c.destinations(leadContext(type))).toEqual([]);
    }
    const other = leadContext('lead.created');
    other.agent.id = 'agent-without-key';
    expect(await c.destinations(other)).toEqual([]);
  });

  it('one lead → one Seller Inquiry (Basic auth, X-System headers, source OpenCMA), the person id as provider id', async () => {
    const outcome = await channel().send(leadContext('lead.created'), delivery());
    expect(outcome).toEqual({ kind: 'sent', responseStatus: 201, providerId: '1' });
    expect(fub.events).toHaveLength(1);
    const [event] = fub.events;
    expect(event).toMatchObject({ personId: 1, apiKeyLast4: 'TEST', system: 'OpenCMA-test', systemKeySent: true });
    expect(event!.body).toMatchObject({
      source: 'OpenCMA',
      type: 'Seller Inquiry',
      person: { phones: [{ value: '+12065550123', type: 'mobile' }] },
      property: { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103', price: 812345 },
    });
    expect(event!.body.message).toContain('$812,345');
    expect(event!.body.message).toContain('https://cma.example.com/r/abc123');
  });

  it('a report view → a Viewed Page event on the same person', async () => {
    await channel().send(leadContext('lead.created'), delivery());
    const outcome = await channel().send(leadContext('report.viewed'), { ...delivery(), id: 'delivery-2' });
    expect(outcome).toEqual({ kind: 'sent', responseStatus: 200, providerId: '1' });
    expect(fub.events.map((e) => e.body.type)).toEqual(['Seller Inquiry', 'Viewed Page']);
    expect(fub.events[1]!.body).toMatchObject({
      pageUrl: 'https://cma.example.com/r/abc123',
      pageTitle: expect.stringContaining('Home value report'),
    });
  });

  it('429 is retried after Retry-After; nothing is stored until it goes through', async () => {
    fub.failNext(429, 1, { retryAfterSeconds: 7 });
    const first = await channel().send(leadContext(), delivery(1));
    expect(first).toMatchObject({ kind: 'retry', responseStatus: 429, retryAfterMs: 7000 });
    expect(fub.events).toHaveLength(0);
    expect(await channel().send(leadContext(), delivery(2))).toMatchObject({ kind: 'sent' });
    expect(fub.events).toHaveLength(1);
  });

  it('5xx and dropped connections are retried; the event arrives once', async () => {
    fub.failNext(500, 2);
    fub.dropNext(1);
    const outcomes = [];
    for (let attempt = 1; attempt <= 4; attempt++) outcomes.push(await channel().send(leadContext(), delivery(attempt)));
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'retry', 'sent']);
    expect(outcomes[0]).toMatchObject({ responseStatus: 500, error: expect.stringContaining('500') });
    expect(fub.events).toHaveLength(1);
  });

  it('an attempt accepted but unanswered is found on the retry (by its delivery marker) and not sent again', async () => {
    fub.acceptThenDropNext(1);
    const first = await channel().send(leadContext(), delivery(1));
    expect(first).toMatchObject({ kind: 'retry' });
    expect(fub.events).toHaveLength(1);
    const second = await channel().send(leadContext(), delivery(2));
    expect(second).toEqual({ kind: 'sent', providerId: String(fub.events[0]!.personId) });
    expect(fub.events).toHaveLength(1);
    expect(fub.requestCount).toBe(1);
    // a retry of a different delivery for the same person is not mistaken for it
    const other = await channel().send(leadContext('report.viewed'), { ...delivery(2), id: 'delivery-other' });
    expect(other).toMatchObject({ kind: 'sent', responseStatus: 200 });
    expect(fub.events).toHaveLength(2);
  });

  it('a retry that cannot ask FUB whether the first attempt arrived is retried, not sent blindly', async () => {
    const gone = await startFubStandIn({ apiKeys: [KEY] });
    const url = gone.url;
    await gone.close();
    const c = createFubChannel({ client: createFubClient({ baseUrl: url, systemName: 's', timeoutMs: 2000 }), store, systemName: 's' });
    expect(await c.send(leadContext(), delivery(2))).toMatchObject({ kind: 'retry', error: expect.stringContaining('could not be asked') });
  });

  it('a revoked key (401) fails for good with the reason, never the key', async () => {
    fub.revokeKey(KEY);
    const outcome = await channel().send(leadContext(), delivery());
    expect(outcome).toMatchObject({ kind: 'failed', responseStatus: 401 });
    expect(outcome.kind === 'failed' && outcome.error).toMatch(/API key/);
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(fub.events).toHaveLength(0);
  });

  it('a body FUB refuses (400) fails with its errorMessage', async () => {
    const client = createFubClient({ baseUrl: fub.url, systemName: 'x' });
    const outcome = await client.sendEvent(KEY, {
      source: 'OpenCMA',
      system: 'x',
      type: 'Seller Inquiry',
      occurredAt: new Date().toISOString(),
      person: { phones: [] },
    });
    expect(outcome).toMatchObject({ kind: 'failed', responseStatus: 400, error: expect.stringContaining('at least one phone') });
    const noPerson = await fetch(`${fub.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'Seller Inquiry' }),
    });
    expect(noPerson.status).toBe(400);
    expect(await noPerson.json()).toEqual({ errorMessage: 'person is required' });
    expect(fub.events).toHaveLength(0);
  });

  it('a new lead waits for its report’s estimate (no call to FUB), and goes without it after ESTIMATE_WAIT_MS', async () => {
    const unfinished = leadContext('lead.created', { status: 'processing', estimate: null });
    const at = (ms: number) => () => new Date(Date.parse(unfinished.event.occurredAt) + ms);
    const wait = await createFubChannel({
      client: createFubClient({ baseUrl: fub.url, systemName: 's' }),
      store,
      systemName: 's',
      now: at(2000),
    }).send(unfinished, delivery());
    expect(wait).toMatchObject({ kind: 'retry', error: expect.stringContaining('waiting for the report') });
    expect(fub.requestCount).toBe(0);
    const late = createFubChannel({
      client: createFubClient({ baseUrl: fub.url, systemName: 's' }),
      store,
      systemName: 's',
      now: at(ESTIMATE_WAIT_MS),
    });
    expect(await late.send(unfinished, delivery())).toMatchObject({ kind: 'sent' });
    expect(fub.events[0]!.body.message).toContain('Estimate: not available yet');
  });

  it('a removed connection fails the delivery without calling FUB', async () => {
    const outcome = await channel().send(leadContext(), { ...delivery(), destination: 'conn-removed' });
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringContaining('removed') });
    expect(fub.requestCount).toBe(0);
  });

  it('an unreachable Follow Up Boss is retried', async () => {
    const gone = await startFubStandIn();
    const url = gone.url;
    await gone.close();
    const outcome = await createFubClient({ baseUrl: url, systemName: 'x', timeoutMs: 2000 }).sendEvent(KEY, {
      source: 'OpenCMA',
      system: 'x',
      type: 'Seller Inquiry',
      occurredAt: new Date().toISOString(),
      person: { phones: [{ value: '+12065550123', type: 'mobile' }] },
    });
    expect(outcome).toMatchObject({ kind: 'retry', error: expect.stringContaining('unreachable') });
  });

  it('GET /v1/events lists only the calling key’s events', async () => {
    await channel().send(leadContext(), delivery());
    const list = async (key: string) =>
      (await (await fetch(`${fub.url}/v1/events`, { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } })).json()) as {
        events: unknown[];
      };
    expect((await list(KEY)).events).toHaveLength(1);
    expect((await list(OTHER_KEY)).events).toHaveLength(0);
    const denied = await fetch(`${fub.url}/v1/events`, { headers: { authorization: `Basic ${Buffer.from('nope:').toString('base64')}` } });
    expect(denied.status).toBe(401);
  });
});
