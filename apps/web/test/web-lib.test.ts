import { describe, expect, it } from 'vitest';
import { phoneProblem } from '../lib/phone';
import { proxyTrust } from '@opencma/config/proxy-trust';
import { settleClientAddress } from '../lib/client-address';
import { landingConsent } from '../lib/consent';
import { percentClass, percentRules } from '../lib/page/percent-classes';
import { contentSecurityPolicy, HSTS, securityHeaders, strictTransportSecurity } from '../lib/security-headers';

describe('phone', () => {
  it.each([
    ['(206) 555-0123', null],
    ['+1 206 555 0123', null],
    ['2065550123', null],
    ['', 'Enter your mobile phone number.'],
    ['555-0123', 'Enter a 10-digit US or Canadian mobile number.'],
    ['abc', 'Use digits only, for example (206) 555-0123.'],
  ])('phoneProblem(%j)', (input, out) => expect(phoneProblem(input)).toBe(out));
});

describe('consent and headers', () => {
  it('shows the current disclosure version, naming the agent and their brokerage', () => {
    const agent = { name: ' Dana  Whitfield ', photoUrl: null, agentCode: 'x', headline: '', subheadline: '', ctaText: '', phone: null, email: null };
    const account = { name: 'Cascade Homes', logoUrl: null, primaryColor: null, secondaryColor: null, brandingEnabled: false };
    const consent = landingConsent({ agent, account });
    expect(consent.version).toBe(2);
    expect(consent.text).toMatch(/^I agree that Dana Whitfield of Cascade Homes may contact me by call or text/);
    expect(landingConsent({ agent, account: { ...account, name: null } }).text).toMatch(/^I agree that Dana Whitfield may contact me/);
  });
  it('sends security headers on every page and locks down reports', () => {
    const rules = securityHeaders();
    const all = rules.find((r) => r.source === '/:path*')!.headers;
    expect(all).toContainEqual({ key: 'X-Frame-Options', value: 'DENY' });
    expect(all).toContainEqual({ key: 'X-Content-Type-Options', value: 'nosniff' });
    const csp = contentSecurityPolicy(false, 'abc', '/r/abc123');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const report = rules.find((r) => r.source === '/r/:path*')!.headers;
    expect(report).toContainEqual({ key: 'Cache-Control', value: 'no-store, max-age=0' });
    expect(report).toContainEqual({ key: 'X-Robots-Tag', value: 'noindex, nofollow' });
    // same-origin, so the page's own form posts carry its Origin (lib/page/same-origin.ts); other sites get no referrer
    expect(report).toContainEqual({ key: 'Referrer-Policy', value: 'same-origin' });
    const landingScripts = rules.find((r) => r.source === '/landing/:file*')!.headers;
    expect(landingScripts).toContainEqual({ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' });
  });

  it("allows no inline style on the landing page and the report, only the request's nonce'd <style>", () => {
    for (const path of ['/cma/k7m2xqp', '/r/abc123']) {
      const csp = contentSecurityPolicy(false, 'abc', path);
      expect(csp).toContain("style-src 'self' 'nonce-abc';");
      expect(csp).not.toContain('unsafe-inline');
    }
    // the React pages (home, error pages, dev and agent pages) keep Next's inlined stylesheet, which has no nonce
    for (const path of ['/', '/dev/outbox', '/agent/leads', '/r/abc/extra', '/cma']) {
      expect(contentSecurityPolicy(false, 'abc', path)).toContain("style-src 'self' 'unsafe-inline';");
    }
  });

  it('sends HSTS (a year, subdomains) only behind https: an https public origin or a kept X-Forwarded-Proto', () => {
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
    expect(strictTransportSecurity('https://cma.example.com', undefined)).toBe(HSTS);
    expect(strictTransportSecurity('http://localhost:3000', 'https')).toBe(HSTS);
    expect(strictTransportSecurity('http://localhost:3000', 'HTTPS, http')).toBe(HSTS);
    expect(strictTransportSecurity('http://localhost:3000', ['https'])).toBe(HSTS);
    expect(strictTransportSecurity('http://localhost:3000', 'http')).toBeNull();
    expect(strictTransportSecurity('http://localhost:3000', undefined)).toBeNull();
  });

  it('turns computed lengths into classes with digit-only rules', () => {
    expect(percentClass('w', 37.4)).toBe('pct-w-37');
    expect(percentClass('at', 250)).toBe('pct-at-100');
    expect(percentClass('w', Number.NaN)).toBe('pct-w-0');
    expect(percentRules('<span class="dist-bar pct-w-37"></span><span class="pct-w-37 pct-at-5"></span> pct-w-999')).toBe(
      '.pct-w-37{width:37%}.pct-at-5{left:5%}',
    );
  });
});

describe('the client address the web app passes on', () => {
  const headers = () => ({
    'x-forwarded-for': '6.6.6.6, 203.0.113.1',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    forwarded: 'for=6.6.6.6',
    'x-real-ip': '6.6.6.6',
    host: 'cma.example.com',
  });

  it('replaces a client-sent X-Forwarded-For with the socket address, and drops what an untrusted peer says about the request', () => {
    const h = headers();
    expect(settleClientAddress(h, '198.51.100.9', proxyTrust({ addresses: [] }))).toBe('198.51.100.9');
    expect(h).toEqual({ 'x-forwarded-for': '198.51.100.9', host: 'cma.example.com' });
  });

  it("keeps a trusted proxy's word, reduced to the one client address", () => {
    const h = headers();
    expect(settleClientAddress(h, '127.0.0.1', proxyTrust({ addresses: ['loopback'] }))).toBe('203.0.113.1');
    expect(h).toMatchObject({ 'x-forwarded-for': '203.0.113.1', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
  });
});
