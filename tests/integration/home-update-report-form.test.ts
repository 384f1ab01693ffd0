import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CURRENT_CONSENT_VERSION, CURRENT_HOME_UPDATE_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, recordOptOut, removeOptOut, schema } from '@opencma/db';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testConfig } from '../helpers/test-config';
import { createPostgresTestDatabaseUrl, testDatabaseKind } from '../helpers/test-database';

// the route renders with the built page assets (apps/web/.landing/manifest.json); these stand in for them
vi.mock('../../apps/web/lib/page/assets', () => ({
  pageAssets: () => ({ css: '.t{}', script: '/landing/report-TEST.js', icon: '/icon.svg' }),
  streetMapAssets: () => ({ script: '/landing/map-TEST.js', css: '/landing/map-TEST.css', worker: '/landing/worker-TEST.js' }),
}));
const { POST } = await import('../../apps/web/app/r/[id]/route');
const { POST: preferencesPost } = await import('../../apps/web/app/home-updates/[token]/route');

/** Where lib/api.ts sends the web app's API requests in this test: answered in-process by the real API. */
const API = 'http://api.opencma.test';
const ORIGIN = 'https://homes.example.com';
const PHONE = '+12015550123';
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148';

/**
 * The report's value-updates forms posted to the web app (POST /r/{id}, app/r/[id]/route.ts) against the
 * real API and database, as a homeowner's phone without JavaScript sends them: refused forms come back as
 * the report page (HTML, never the API's JSON) and store nothing; a good one is stored with the homeowner's
 * address and user agent as the consent record, and answers a 303 back to the report.
 */
describe(`the report's value-updates forms through the web app (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let dropDatabase: (() => Promise<void>) | undefined;
  let reportId: string;
  let apiDown = false;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    const postgres = await createPostgresTestDatabaseUrl();
    dropDatabase = postgres?.drop;
    system = await startSystem(
      testConfig({
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
        PDF_DISABLED: 'true',
        DEDUPE_WINDOW_HOURS: '0',
        MLS_AS_OF: '2015-03-31',
        HOME_UPDATES_CRON: 'off',
        RATE_LIMIT_IP_PER_HOUR: '4',
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), listen: false, apiLogger: false },
    );
    process.env.API_URL = API;
    // the web app's fetch to the API, answered by the API in-process from the web app's loopback address
    // (a trusted proxy to the API, as the web app on the same host is): headers and body as sent
    vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== API) return realFetch(input, init);
      if (apiDown) throw new TypeError('fetch failed');
      const res = await system.api.inject({
        method: (init?.method ?? 'GET') as 'GET' | 'POST',
        url: url.pathname + url.search,
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        ...(init?.body ? { payload: String(init.body) } : {}),
        remoteAddress: '127.0.0.1',
      });
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v));
      return new Response(res.statusCode === 204 || res.statusCode === 303 ? null : res.body, { status: res.statusCode, headers });
    });
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: 'demo',
        phone: '(201) 555-0123',
        address: '1156 N 93rd St, Seattle, WA 98103',
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    reportId = res.json().report_id;
    await pollUntil(async () => ((await getConsumerReport(system.database.db, reportId))?.status === 'completed' ? true : undefined), 90_000);
  }, 180_000);
  afterAll(async () => {
    vi.unstubAllGlobals();
    await system?.stop();
    await dropDatabase?.();
  });

  const subscriptions = () => system.database.db.select().from(schema.home_subscriptions);
  let ips = 0;
  /** The form as the browser posts it, from its own client address (server/main.ts settled X-Forwarded-For). */
  const post = (form: string, opts: { id?: string; origin?: string | null; ip?: string } = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      host: 'homes.example.com',
      'x-forwarded-for': opts.ip ?? `198.51.100.${++ips}`,
      'x-forwarded-proto': 'https',
      'user-agent': UA,
      referer: `${ORIGIN}/r/${opts.id ?? reportId}`,
      'x-nonce': 'bm9uY2U=',
    };
    if (opts.origin !== null) headers.origin = opts.origin ?? ORIGIN;
    const request = new Request(`${ORIGIN}/r/${opts.id ?? reportId}`, { method: 'POST', headers, body: form });
    return POST(request as unknown as Parameters<typeof POST>[0], { params: Promise.resolve({ id: opts.id ?? reportId }) });
  };
  const emailForm = (fields: Record<string, string> = {}) =>
    new URLSearchParams({
      email: 'pat@example.com',
      frequency: 'quarterly',
      consent: 'on',
      owed: '',
      price: '',
      down: '',
      start: '',
      rate: '',
      term: '',
      consent_version: '1',
      ...fields,
    }).toString();
  const textForm = 'channel=sms&frequency=monthly&sms_consent=on&sms_consent_version=1';
  /** An HTML page, never the API's JSON error. */
  const page = async (res: Response) => {
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(body).not.toContain('"error":');
    return body;
  };

  it('a bad owed figure: the report page again (400) with the error beside the field and what was typed; nothing stored', async () => {
    const res = await post(emailForm({ owed: 'a lot', rate: '6.5' }));
    expect(res.status).toBe(400);
    const html = await page(res);
    expect(html).toContain('<form class="updates-form" method="post" action="/r/');
    expect(html).toContain('role="alert">Nothing was saved yet.');
    expect(html).toMatch(
      /value="a lot" aria-invalid="true" aria-describedby="updates-owed-error"><p class="field-error" id="updates-owed-error">[^<]+<\/p>/,
    );
    expect(html).toContain('value="pat@example.com"');
    expect(html).toContain('<input type="radio" name="frequency" value="quarterly" checked>');
    expect(html).toContain('<details class="updates-owed" open>');
    expect(html).toContain('<input type="checkbox" name="consent" required>');
    expect(await subscriptions()).toEqual([]);

    // no consent: its error beside the box, which stays unticked
    const unticked = await post(emailForm({ consent: '' }).replace('consent=&', ''));
    expect(unticked.status).toBe(400);
    expect(await page(unticked)).toContain('<p class="field-error" id="updates-consent-error">Please tick the box to agree to the e-mails</p>');
    expect(await subscriptions()).toEqual([]);
  });

  it('refuses a post from another site (and Origin: null) before it reaches the API', async () => {
    const cross = await post(emailForm(), { origin: 'https://evil.example.net' });
    expect(cross.status).toBe(403);
    expect((await post(emailForm(), { origin: 'null' })).status).toBe(403);
    expect(await subscriptions()).toEqual([]);
  });

  it('a number that replied STOP: the text form says so and how to resume (409); nothing stored', async () => {
    await recordOptOut(system.database.db, PHONE, 'STOP');
    const res = await post(textForm);
    expect(res.status).toBe(409);
    const html = await page(res);
    const texts = /<form class="updates-form updates-texts"[\s\S]*?<\/form>/.exec(html)![0];
    expect(texts).toContain('<p class="notice" role="alert">This number replied STOP to our texts');
    expect(texts).toContain('reply START');
    expect(await subscriptions()).toEqual([]);
    await removeOptOut(system.database.db, PHONE);
  });

  it('an unknown report: the not-found page; the API down: the unavailable page; nothing stored', async () => {
    const unknown = await post(emailForm(), { id: 'NoSuchReport0000000000' });
    expect(unknown.status).toBe(404);
    expect(await page(unknown)).toContain('<title>Page not found</title>');
    apiDown = true;
    try {
      const down = await post(emailForm());
      expect(down.status).toBe(503);
      await page(down);
    } finally {
      apiDown = false;
    }
    expect(await subscriptions()).toEqual([]);
  });

  it('too many from one address: the too-many-requests page with Retry-After (429)', async () => {
    // RATE_LIMIT_IP_PER_HOUR=4: each post the API handles counts against the client's own address
    for (let i = 0; i < 4; i++) expect((await post(emailForm(), { id: 'NoSuchReport0000000000', ip: '192.0.2.99' })).status).toBe(404);
    const limited = await post(emailForm(), { ip: '192.0.2.99' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page(limited)).toMatch(/too many sign-ups from your network\. Please try again in (a minute|about \d+ minutes)\./);
    expect(await subscriptions()).toEqual([]);
  });

  it('a good form: a 303 back to the report; stored with the homeowner’s address and user agent as the consent record', async () => {
    const res = await post(emailForm({ email: ' Pat@Example.com ', owed: '$310,000' }), { ip: '203.0.113.7' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/r/${reportId}?subscribed=1#updates`);
    const texts = await post(textForm, { ip: '203.0.113.8' });
    expect(texts.status).toBe(303);
    const subs = await subscriptions();
    expect(subs.map((s) => [s.channel, s.email, s.frequency, s.consent_ip, s.consent_user_agent])).toEqual(
      expect.arrayContaining([
        ['email', 'pat@example.com', 'quarterly', '203.0.113.7', UA],
        ['sms', null, 'monthly', '203.0.113.8', UA],
      ]),
    );
    expect(subs).toHaveLength(2);
    expect(subs.find((s) => s.channel === 'email')?.owed_amount).toBe(310_000);
  });

  it('the preferences page: a save while the API is down is the unavailable page (503), not "not found"; nothing changed', async () => {
    const created = await system.api.inject({
      method: 'POST',
      url: `/v1/consumer-reports/${reportId}/subscriptions`,
      payload: { email: 'lee@example.com', frequency: 'monthly', consent: true, consent_version: CURRENT_HOME_UPDATE_CONSENT_VERSION },
      remoteAddress: '203.0.113.20',
    });
    expect(created.statusCode).toBe(201);
    const lee = async () => (await subscriptions()).find((s) => s.email === 'lee@example.com')!;
    const token = (await lee()).unsubscribe_token;
    const save = () =>
      preferencesPost(
        new Request(`${ORIGIN}/home-updates/${token}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            host: 'homes.example.com',
            'x-forwarded-for': '198.51.100.200',
            'x-forwarded-proto': 'https',
            origin: ORIGIN,
            'x-nonce': 'bm9uY2U=',
          },
          body: 'frequency=quarterly',
        }) as unknown as Parameters<typeof preferencesPost>[0],
        { params: Promise.resolve({ token }) },
      );
    apiDown = true;
    try {
      const down = await save();
      expect(down.status).toBe(503);
      const body = await page(down);
      expect(body).not.toContain('<title>Page not found</title>');
    } finally {
      apiDown = false;
    }
    expect((await lee()).frequency).toBe('monthly');
    const saved = await save();
    expect(saved.status).toBe(303);
    expect((await lee()).frequency).toBe('quarterly');
  });
});
