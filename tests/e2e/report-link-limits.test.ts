/**
 * Through `npm start` (the web app's own server in front of Next, and the API): the report page
 * counts unknown ids against the visitor's address, not the web app's (the settled X-Forwarded-For is
 * passed on to the API), answers 429 with a small HTML page and Retry-After past the limit, and the
 * headers of the public pages: HSTS behind https, no inline styles allowed on /cma and /r (decision 0017).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const LIMIT = 3;
const unknownId = () => randomBytes(16).toString('base64url');

describe('report links and headers through npm start', () => {
  let app: StartedCommand;
  let knownId: string;
  // TRUSTED_PROXIES=loopback: the test plays the proxy and names each client in X-Forwarded-For
  const get = (path: string, headers: Record<string, string>) => fetch(`${app.baseUrl}${path}`, { headers, redirect: 'manual' });
  const client = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    app = await runStartCommand({ TRUSTED_PROXIES: 'loopback', RATE_LIMIT_UNKNOWN_REPORTS_PER_MINUTE: String(LIMIT) });
    const res = await fetch(`${app.baseUrl}/v1/consumer-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...client('192.0.2.50') },
      body: JSON.stringify({
        agent_code: 'demo',
        phone: '(201) 555-0177',
        address: '4011 NE 88th St, Seattle, WA 98115',
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      }),
    });
    expect(res.status).toBe(202);
    knownId = ((await res.json()) as { report_id: string }).report_id;
  }, 600_000);

  afterAll(() => app?.stop());

  it('answers 404 pages up to the limit, then a 429 page with Retry-After, per visitor address', async () => {
    const a = client('198.51.100.31');
    for (let i = 0; i < LIMIT; i++) expect((await get(`/r/${unknownId()}`, a)).status).toBe(404);
    const limited = await get(`/r/${unknownId()}`, a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await limited.text()).toContain('<h1>Too many requests</h1>');
    // over the limit, a real link is refused too (a 429 says nothing about the id)
    expect((await get(`/r/${knownId}`, a)).status).toBe(429);
    // another visitor (the API sees the address the web server settled, not loopback) is not limited
    const b = client('198.51.100.32');
    expect((await get(`/r/${knownId}`, b)).status).toBe(200);
    expect((await get(`/r/${unknownId()}`, b)).status).toBe(404);
  });

  it('never limits known report links for a visitor under the limit', async () => {
    const c = client('198.51.100.33');
    for (let i = 0; i < LIMIT * 3; i++) expect((await get(`/r/${knownId}`, c)).status).toBe(200);
  });

  it('allows only nonce-bearing styles on the report and the landing page', async () => {
    for (const path of [`/r/${knownId}`, '/cma/demo']) {
      const csp = (await get(path, client('198.51.100.34'))).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/style-src 'self' 'nonce-[^']+';/);
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('sends HSTS when a trusted proxy says the request came over https, and not over plain http', async () => {
    const https = await get('/cma/demo', { ...client('198.51.100.35'), 'x-forwarded-proto': 'https' });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const plain = await get('/cma/demo', client('198.51.100.35'));
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
