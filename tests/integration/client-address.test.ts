/**
 * Issue #21: the client address cannot be forged through the web app. The web app's own server
 * (apps/web/server/main.ts, as `npm start` and `npm run start:web` run it) in front of a real API:
 * a client's X-Forwarded-For is ignored unless its peer is in TRUSTED_PROXIES, for the /v1 proxy and
 * for the landing form posted without JavaScript and the report's value-updates form alike. Needs the web build (CI and `npm test` make it).
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { spawnApp, type AppProcess } from '../helpers/app-processes';
import { freePort } from '../helpers/free-port';
import { testConfig } from '../helpers/test-config';
import { createPostgresTestDatabaseUrl, testDatabaseKind } from '../helpers/test-database';

const submission = (i: number) => ({
  agent_code: 'demo',
  phone: `(201) 555-01${String(i).padStart(2, '0')}`,
  address: `${i} Client Address Ave, Seattle, WA 98103`,
  consent: true,
  consent_version: CURRENT_CONSENT_VERSION,
});

describe(`client address through the web app (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let dropDatabase: (() => Promise<void>) | undefined;
  let direct: AppProcess;
  let behindProxy: AppProcess;

  beforeAll(async () => {
    const postgres = await createPostgresTestDatabaseUrl();
    dropDatabase = postgres?.drop;
    const apiPort = await freePort();
    system = await startSystem(
      testConfig({
        API_PORT: String(apiPort),
        PDF_DISABLED: 'true',
        RATE_LIMIT_IP_PER_HOUR: '3',
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), apiLogger: false },
    );
    const web = { API_URL: system.apiUrl, HOST: '127.0.0.1', PUBLIC_BASE_URL: 'http://localhost:3000', LOG_LEVEL: 'warn' };
    [direct, behindProxy] = await Promise.all([
      freePort().then((port) => spawnApp('web', web, port, 120_000)),
      freePort().then((port) => spawnApp('web', { ...web, TRUSTED_PROXIES: 'loopback' }, port, 120_000)),
    ]);
  });
  afterAll(async () => {
    await Promise.all([direct?.stop(), behindProxy?.stop()]);
    await system?.stop();
    await dropDatabase?.();
  });

  const consentIps = async (ids: string[]) =>
    (await system.database.sql.executeSql('select consent_ip from consumer_reports where id = any($1)', [ids])).rows.map(
      (r) => (r as { consent_ip: string }).consent_ip,
    );
  const post = (web: AppProcess, i: number, forwardedFor: string) =>
    fetch(`${web.url}/v1/consumer-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify(submission(i)),
    });

  it('ignores a forged X-Forwarded-For: every request counts as the socket address, under one per-IP limit', async () => {
    const statuses: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(direct, 10 + i, `198.51.100.${i + 1}`);
      statuses.push(res.status);
      if (res.status === 202) ids.push(((await res.json()) as { report_id: string }).report_id);
    }
    expect(statuses).toEqual([202, 202, 202, 429]); // RATE_LIMIT_IP_PER_HOUR=3
    expect(new Set(await consentIps(ids))).toEqual(new Set(['127.0.0.1']));
  });

  it('ignores it on the landing form posted without JavaScript too', async () => {
    const form = new URLSearchParams({
      phone: '(201) 555-0120',
      address: '20 Client Address Ave, Seattle, WA 98103',
      consent: 'on',
      consent_version: String(CURRENT_CONSENT_VERSION),
    });
    const res = await fetch(`${behindProxy.url}/cma/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.20' },
      body: form,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.replace('/r/', '');
    // this web app trusts loopback (a proxy on the same host): the header is that proxy's word
    expect(await consentIps([id])).toEqual(['198.51.100.20']);
    const forged = await fetch(`${direct.url}/cma/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.21' },
      body: new URLSearchParams({ ...Object.fromEntries(form), phone: '(201) 555-0121', address: '21 Client Address Ave, Seattle, WA 98103' }),
      redirect: 'manual',
    });
    // the direct web app already counted 3 submissions from 127.0.0.1 this hour: the forged header does not escape the limit
    expect(forged.status).toBe(429);
  });

  it("honours a trusted proxy's X-Forwarded-For, as far as the chain is trusted", async () => {
    const one = await post(behindProxy, 30, '203.0.113.30');
    const chain = await post(behindProxy, 31, '10.9.9.9, 203.0.113.31');
    expect([one.status, chain.status]).toEqual([202, 202]);
    const ids = await Promise.all([one, chain].map(async (r) => ((await r.json()) as { report_id: string }).report_id));
    expect(new Set(await consentIps(ids))).toEqual(new Set(['203.0.113.30', '203.0.113.31']));
  });

  it("keeps the homeowner's address in the consent record of the report's value-updates form, which posts to the page (decision 0040)", async () => {
    const created = await post(behindProxy, 40, '203.0.113.40');
    expect(created.status).toBe(202);
    const id = ((await created.json()) as { report_id: string }).report_id;
    const subscribe = (web: AppProcess, forwardedFor: string, email: string) =>
      fetch(`${web.url}/r/${id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': forwardedFor,
          origin: web.url,
          'user-agent': 'Mozilla/5.0 (Android 15; Mobile) homeowner',
        },
        body: new URLSearchParams({ email, frequency: 'monthly', consent: 'on', consent_version: '1' }),
        redirect: 'manual',
      });
    const res = await subscribe(behindProxy, '198.51.100.40', 'pat@example.com');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/r/${id}?subscribed=1#updates`);
    const rows = async () =>
      (await system.database.sql.executeSql('select email, consent_ip, consent_user_agent from home_subscriptions where report_id = $1', [id])).rows;
    expect(await rows()).toEqual([
      { email: 'pat@example.com', consent_ip: '198.51.100.40', consent_user_agent: 'Mozilla/5.0 (Android 15; Mobile) homeowner' },
    ]);
    // the direct web app counts the socket address (127.0.0.1), already at its limit: a forged header does not escape it
    const forged = await subscribe(direct, '198.51.100.41', 'sam@example.com');
    expect(forged.status).toBe(429);
    expect(forged.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await forged.text()).toContain('too many sign-ups from your network');
    expect(await rows()).toHaveLength(1);
  });

  it('listens on HOST only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) return console.warn('no non-loopback interface: HOST binding not checked');
    const port = new URL(direct.url).port;
    await expect(fetch(`http://${external}:${port}/`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });
});
