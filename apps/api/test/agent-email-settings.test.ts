import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAgent, ensureDemoAgent, findAgentById, schema, type Agent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { type Signed, signInAgent } from './agent-sign-in';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { buildTestApi } from './test-api';

describe(`agent e-mail settings and a lead's deliveries (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let demo: Agent;
  let other: Agent;
  const enqueued: string[] = [];

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    other = await createAgent(database.db, { name: 'Olive Other', phone: '+12065550177', email: 'olive@example.com' });
    app = await buildTestApi(
      database,
      { RATE_LIMIT_SIGN_IN_PER_HOUR: '0', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' },
      { queue: { enqueue: async (name: string) => void enqueued.push(name) } as never },
    );
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const headers = (s: Signed) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

  it("changes only the signed-in agent's own address and toggles, with the CSRF token; bad input changes nothing", async () => {
    const s = await signInAgent(app, database, demo);
    const get = async () => (await app.inject({ method: 'GET', url: '/v1/agent/email-settings', headers: { cookie: s.cookie } })).json();
    expect(await get()).toMatchObject({ lead_email_enabled: true, activity_digest_enabled: false });

    const ok = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/email-settings',
      headers: headers(s),
      payload: { email: ' Demo.Agent@Example.com ', lead_email_enabled: false, activity_digest_enabled: true },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email: 'demo.agent@example.com', lead_email_enabled: false, activity_digest_enabled: true });
    expect(await findAgentById(database.db, demo.id)).toMatchObject({ agent: { email: 'demo.agent@example.com', lead_email_enabled: false } });

    const noCsrf = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/email-settings',
      headers: { cookie: s.cookie },
      payload: { lead_email_enabled: true },
    });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/email-settings',
      headers: headers(s),
      payload: { email: 'not an address', lead_email_enabled: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.email).toBeTruthy();
    const taken = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/email-settings',
      headers: headers(s),
      payload: { email: 'OLIVE@example.com' },
    });
    expect(taken.statusCode).toBe(400);
    const unknownField = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/email-settings',
      headers: headers(s),
      payload: { agent_id: other.id, lead_email_enabled: true },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(await get()).toEqual({ email: 'demo.agent@example.com', lead_email_enabled: false, activity_digest_enabled: true });
    // the other agent is untouched
    expect(await findAgentById(database.db, other.id)).toMatchObject({
      agent: { email: 'olive@example.com', lead_email_enabled: true, activity_digest_enabled: false },
    });

    const anonymous = await app.inject({ method: 'GET', url: '/v1/agent/email-settings' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("shows a lead's deliveries to its agent, and another agent gets the same 404 as for a lead that does not exist", async () => {
    const report = await insertTestReport(database, { property_address: '9 Delivery Log Rd' });
    const [event] = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    await database.db.insert(schema.deliveries).values({
      event_id: event!.id,
      channel: 'email',
      destination: 'demo.agent@example.com',
      status: 'failed',
      attempts: 1,
      response_status: 550,
      last_error: 'SMTP 550: No such mailbox',
    });
    const mine = await app.inject({
      method: 'GET',
      url: `/v1/agent/leads/${report.id}`,
      headers: { cookie: (await signInAgent(app, database, demo)).cookie },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().deliveries).toEqual([
      expect.objectContaining({
        channel: 'email',
        event_type: 'lead.created',
        status: 'failed',
        attempts: 1,
        response_status: 550,
        last_error: 'SMTP 550: No such mailbox',
      }),
    ]);

    const stranger = await signInAgent(app, database, other);
    const theirs = await app.inject({ method: 'GET', url: `/v1/agent/leads/${report.id}`, headers: { cookie: stranger.cookie } });
    const missing = await app.inject({ method: 'GET', url: `/v1/agent/leads/${'x'.repeat(24)}`, headers: { cookie: stranger.cookie } });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toEqual(missing.json());
  });

  it('queues the dispatch of a status change (the event is written with it)', async () => {
    const report = await insertTestReport(database, { property_address: '10 Status Way' });
    const s = await signInAgent(app, database, demo);
    enqueued.length = 0;
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/agent/leads/${report.id}`,
      headers: headers(s),
      payload: { lead_status: 'contacted' },
    });
    expect(res.statusCode).toBe(200);
    expect(enqueued).toEqual(['dispatch_lead_event']);
    const events = await database.db.select().from(schema.lead_events).where(eq(schema.lead_events.report_id, report.id));
    expect(events.map((e) => e.type).sort()).toEqual(['lead.created', 'lead.status_changed']);
  });
});
