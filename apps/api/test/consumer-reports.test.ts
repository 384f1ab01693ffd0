import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consentDisclosure } from '@opencma/core';
import { sql } from 'drizzle-orm';
import { consumer_reports, ensureDemoAgent, type Database } from '@opencma/db';
import { createPgBossQueue, PROCESS_CONSUMER_REPORT, type JobQueue } from '@opencma/queue';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const validBody = {
  agent_code: 'demo',
  phone: '(201) 555-0123',
  address: '4011 NE 88th St, Seattle, WA 98115',
  consent: true,
  consent_version: 2,
};

describe(`POST /v1/consumer-reports (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    await ensureDemoAgent(database.db);
    queue = createPgBossQueue({ sql: database.sql, attempts: 3, backoffMs: 1000 });
    await queue.start();
    app = await buildApi(
      {
        config: testConfig(),
        database,
        queue,
        storage: { get: async () => null },
        suggestAddresses: async () => [],
      },
      { logger: false },
    );
  });

  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await drop?.();
  });

  const countReports = async () => {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(consumer_reports);
    return row?.n ?? -1;
  };
  let before = 0;
  beforeEach(async () => {
    before = await countReports();
  });

  it('accepts a valid submission: 202, a pending row with E.164 phone and consent record, and a queued job', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: validBody, headers: { 'user-agent': 'test-agent/1.0' } });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.report_id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(body.status_url).toBe(`/v1/consumer-reports/${body.report_id}`);

    const rows = await database.db.select().from(consumer_reports).where(sql`${consumer_reports.id} = ${body.report_id}`);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.status).toBe('pending');
    expect(row.consumer_phone).toBe('+12015550123');
    expect(row.property_address).toBe(validBody.address);
    // the consent record is the server's rendering of the disclosure version the page showed
    expect(row.consent_version).toBe(2);
    expect(row.consent_text).toBe(consentDisclosure(2, { agentName: 'Jordan Avery', brokerage: 'Evergreen Realty Group' }));
    expect(row.consent_text_sha256).toBe(createHash('sha256').update(row.consent_text).digest('hex'));
    expect(row.consent_user_agent).toBe('test-agent/1.0');
    expect(row.consent_page_url).toBe('http://localhost:3000/cma/demo');
    expect(row.consent_ip).toBeTruthy();

    const jobs = await database.sql.executeSql(`select data from pgboss.job where name = $1`, [PROCESS_CONSUMER_REPORT]);
    expect(jobs.rows.map((j) => (j as { data: { report_id: string } }).data.report_id)).toContain(body.report_id);

    const status = await app.inject({ method: 'GET', url: body.status_url });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ id: body.report_id, status: 'pending', propertyAddress: validBody.address });
    expect(status.body).not.toContain('2015550123');
    expect(status.headers['cache-control']).toBe('no-store');
  });

  it('stores the chosen place as JSON, and SQL null (not JSON null) without one', async () => {
    const place = { mlsId: '1005', latitude: 47.6924, longitude: -122.2867, postalCode: '98115' };
    const withPlace = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: { ...validBody, phone: '(201) 555-0124', place } });
    const without = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: { ...validBody, phone: '(201) 555-0125' } });
    expect([withPlace.statusCode, without.statusCode]).toEqual([202, 202]);
    const rows = await database.sql.executeSql(
      `select id, place, place is null as place_is_null, consumer_facts is null as facts_is_null, consent_at from consumer_reports where id = any($1)`,
      [[withPlace.json().report_id, without.json().report_id]],
    );
    const byId = new Map(
      (rows.rows as Array<{ id: string; place: unknown; place_is_null: boolean; facts_is_null: boolean; consent_at: Date | string }>).map((r) => [
        r.id,
        r,
      ]),
    );
    const a = byId.get(withPlace.json().report_id)!;
    const b = byId.get(without.json().report_id)!;
    expect(a.place).toEqual(place);
    expect([b.place_is_null, a.facts_is_null, b.facts_is_null]).toEqual([true, true, true]);
    expect(Math.abs(new Date(a.consent_at).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it.each([
    ['missing consent', { consent: undefined }, 'consent'],
    ['consent false', { consent: false }, 'consent'],
    ['no consent disclosure version', { consent_version: undefined }, 'consent_version'],
    ['an unknown consent disclosure version', { consent_version: 99 }, 'consent_version'],
    ['a NUL in the agent code', { agent_code: 'demo\u0000' }, 'agent_code'],
    ['a NUL in the address', { address: '4011 NE 88th St\u0000, Seattle' }, 'address'],
    ['a NUL in the (ignored) consent text', { consent_text: 'I agree\u0000' }, 'consent_text'],
    ['an escape sequence in the phone', { phone: '\u001b[2J(201) 555-0123' }, 'phone'],
    ['a NUL in a place detail', { place: { mlsId: '1\u00002' } }, 'place.mlsId'],
    ['a bad phone', { phone: '555-12' }, 'phone'],
    ['a phone outside the allowed countries', { phone: '+44 20 7946 0958' }, 'phone'],
    ['a missing address', { address: undefined }, 'address'],
    ['a too-short address', { address: 'x' }, 'address'],
  ])('rejects %s with 400, a field error and nothing stored', async (_label, patch, field) => {
    const res = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: { ...validBody, ...patch } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toContain(field);
    expect(await countReports()).toBe(before);
  });

  it('returns 404 for an unknown agent_code and stores nothing', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: { ...validBody, agent_code: 'nobody99' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('agent_not_found');
    expect(await countReports()).toBe(before);
  });

  it('rejects a filled honeypot and stores nothing', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/consumer-reports', payload: { ...validBody, website: 'http://spam.example' } });
    expect(res.statusCode).toBe(400);
    expect(await countReports()).toBe(before);
  });

  it('returns 404 for an unknown report id', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/consumer-reports/AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'report_not_found', message: 'Report not found' } });
  });

  it('serves the landing page of the demo agent and 404 for an unknown one', async () => {
    const ok = await app.inject({ method: 'GET', url: '/v1/agents/demo/landing-page' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      agent: { name: 'Jordan Avery', agentCode: 'demo', ctaText: 'Get my home value' },
      account: { name: 'Evergreen Realty Group', primaryColor: '#0f5132', brandingEnabled: true },
    });
    const missing = await app.inject({ method: 'GET', url: '/v1/agents/nobody99/landing-page' });
    expect(missing.statusCode).toBe(404);
  });

  it('describes itself in OpenAPI and answers health checks', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/consumer-reports', '/v1/consumer-reports/{id}', '/v1/agents/{agent_code}/landing-page', '/v1/addresses']),
    );
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  });
});
