import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateConsumerReport, type Database } from '@opencma/db';
import { insertTestReport } from '../../../tests/helpers/test-report';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src';
import type { ApiDeps } from '../src/deps';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { testConfig } from '../../../tests/helpers/test-config';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const TOKEN = 'test-admin-token-0123456789';

describe(`report analytics, leads and PDF download (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let reportId: string;
  const stored = new Map<string, Buffer>();
  let signing = false;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    const row = await insertTestReport(database, {
      property_address: '4011 NE 88th St, Seattle, WA 98115',
      consent_text: 'I agree to be contacted.',
    });
    reportId = row.id;
    await updateConsumerReport(database.db, reportId, {
      status: 'completed',
      completed_at: new Date(),
      estimate_value: 800000,
      estimate_low: 740000,
      estimate_high: 860000,
      estimate_confidence: 'medium',
      pdf_status: 'ready',
      pdf_key: `reports/${reportId}.pdf`,
    });
    stored.set(`reports/${reportId}.pdf`, Buffer.from('%PDF-1.7 test'));
    const storage: ApiDeps['storage'] = {
      get: async (key) => (stored.has(key) ? { body: stored.get(key)!, contentType: 'application/pdf' } : null),
    };
    // signedUrl is only present when the test switches to "S3" mode
    Object.defineProperty(storage, 'signedUrl', {
      get: () =>
        signing ? async (key: string, ttl: number) => `https://bucket.example.com/${key}?X-Amz-Expires=${ttl}&X-Amz-Signature=abc` : undefined,
    });
    app = await buildApi(
      {
        config: testConfig({ ADMIN_TOKEN: TOKEN }),
        database,
        queue: { enqueue: async () => undefined } as unknown as ApiDeps['queue'],
        storage,
        suggestAddresses: async () => [],
      },
      { logger: false },
    );
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const post = (payload: unknown, ua: string | null = IPHONE, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/events`,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': contentType, ...(ua ? { 'user-agent': ua } : {}) },
    });

  const leads = async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/agents/demo/leads', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return res.json().leads.find((l: { id: string }) => l.id === reportId);
  };

  it('records events with device type, browser and OS; ignores bots; rejects bad bodies', async () => {
    expect((await post({ type: 'view', session_id: 'sess-phone-1', referrer: 'https://mail.example.com/inbox?token=secret' })).statusCode).toBe(204);
    expect((await post({ type: 'section_view', session_id: 'sess-phone-1', section: 'comps' })).statusCode).toBe(204);
    expect((await post({ type: 'heartbeat', session_id: 'sess-phone-1', duration_ms: 15000 })).statusCode).toBe(204);
    // sendBeacon posts text/plain
    expect((await post({ type: 'heartbeat', session_id: 'sess-phone-1', duration_ms: 31000 }, IPHONE, 'text/plain;charset=UTF-8')).statusCode).toBe(
      204,
    );
    expect((await post({ type: 'view', session_id: 'sess-tablet-1' }, IPAD)).statusCode).toBe(204);
    expect((await post({ type: 'view', session_id: 'sess-desk-1' }, DESKTOP)).statusCode).toBe(204);
    expect((await post({ type: 'pdf_download', session_id: 'sess-desk-1' }, DESKTOP)).statusCode).toBe(204);
    expect((await post({ type: 'share', session_id: 'sess-phone-1', channel: 'copy_link' })).statusCode).toBe(204);
    expect((await post({ type: 'contact_tap', session_id: 'sess-phone-1', channel: 'call' })).statusCode).toBe(204);
    // bots and UA-less requests: accepted, not recorded
    expect((await post({ type: 'view', session_id: 'sess-bot-1' }, GOOGLEBOT)).statusCode).toBe(204);
    expect((await post({ type: 'view', session_id: 'sess-noua-1' }, null)).statusCode).toBe(204);

    const bad = await post({ type: 'click', session_id: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['type', 'session_id']));
    expect((await post('not json', IPHONE, 'text/plain')).statusCode).toBe(400);
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/consumer-reports/AAAAAAAAAAAAAAAAAAAAAAAA/events',
      payload: { type: 'view', session_id: 'sess-phone-1' },
      headers: { 'user-agent': IPHONE },
    });
    expect(unknown.statusCode).toBe(404);

    const lead = await leads();
    expect(lead).toMatchObject({
      property_address: '4011 NE 88th St, Seattle, WA 98115',
      consumer_phone: '+12015550123',
      status: 'completed',
      estimate: { value: 800000, low: 740000, high: 860000, confidence: 'medium' },
      views: 3,
      sessions: 3,
      device_types: ['desktop', 'mobile', 'tablet'],
      pdf_downloads: 1,
      contact_taps: 1,
    });
    expect(lead.activity).toMatchObject({ shares: 1, max_duration_ms: 31000, sections_viewed: ['comps'] });
    expect(Date.parse(lead.last_viewed_at)).toBeGreaterThan(Date.now() - 60_000);
    const rows = await database.sql.executeSql(`select referrer, browser, os from report_views where session_id = $1 and event_type = 'view'`, [
      'sess-phone-1',
    ]);
    expect(rows.rows[0]).toEqual({ referrer: 'https://mail.example.com', browser: 'Mobile Safari 17', os: 'iOS 17.5' });
  });

  it('caps the events one client can send for a report', async () => {
    let last = 0;
    let retryAfter: unknown;
    let sent = 0;
    for (let i = 0; i < 125 && last !== 429; i++) {
      const res = await post({ type: 'section_view', session_id: 'sess-flood-1', section: `s${i}` }, DESKTOP);
      last = res.statusCode;
      retryAfter = res.headers['retry-after'];
      sent++;
    }
    expect(last).toBe(429);
    // 120 a minute per client and report (the earlier tests here used some of them); the refused one is not stored
    expect(sent).toBeGreaterThan(100);
    expect(sent).toBeLessThanOrEqual(121);
    const stored = await database.sql.executeSql(`select count(*)::int as n from report_views where session_id = $1`, ['sess-flood-1']);
    expect(stored.rows[0]).toEqual({ n: sent - 1 });
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('describes the new routes in OpenAPI', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/consumer-reports/{id}/events', '/v1/agents/{agent_code}/leads']));
    expect(paths['/v1/consumer-reports/{id}/events'].post.requestBody).toBeTruthy();
  });

  it('protects the leads endpoint with the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/agents/demo/leads' })).statusCode).toBe(401);
    const wrong = await app.inject({ method: 'GET', url: '/v1/agents/demo/leads', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    const nobody = await app.inject({ method: 'GET', url: '/v1/agents/nobody99/leads', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(nobody.statusCode).toBe(404);
  });

  it('is off (404) when ADMIN_TOKEN is unset', async () => {
    const off = await buildApi(
      { config: testConfig(), database, queue: {} as ApiDeps['queue'], storage: { get: async () => null }, suggestAddresses: async () => [] },
      { logger: false },
    );
    try {
      const res = await off.inject({ method: 'GET', url: '/v1/agents/demo/leads', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('streams the PDF from local storage, and redirects to a short-lived signed URL when storage can sign', async () => {
    signing = false;
    const local = await app.inject({ method: 'GET', url: `/v1/consumer-reports/${reportId}/pdf` });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toBe('application/pdf');
    expect(local.headers['cache-control']).toBe('private, no-store');
    expect(local.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(local.body).toBe('%PDF-1.7 test');

    signing = true;
    const s3 = await app.inject({ method: 'GET', url: `/v1/consumer-reports/${reportId}/pdf` });
    expect(s3.statusCode).toBe(302);
    expect(s3.headers.location).toBe(`https://bucket.example.com/reports/${reportId}.pdf?X-Amz-Expires=300&X-Amz-Signature=abc`);
    expect(s3.headers['cache-control']).toBe('private, no-store');
    expect(s3.headers['referrer-policy']).toBe('no-referrer');
    signing = false;
  });
});
