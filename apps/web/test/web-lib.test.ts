import { describe, expect, it } from 'vitest';
import { brandStyle, contrastRatio, inkOn, mailHref, phoneHref, safeColor, safeImageUrl } from '../lib/branding';
import { coverageWords, date, moneyShort, percent, phone, signedMoney } from '../lib/format';
import { phoneProblem } from '../lib/phone';
import { proxyTrust } from '@opencma/config/proxy-trust';
import { settleClientAddress } from '../lib/client-address';
import { landingConsent } from '../lib/consent';
import { contentSecurityPolicy, securityHeaders } from '../lib/security-headers';

describe('branding is data', () => {
  it.each([
    ['#0f766e', '#0f766e'],
    ['#ABC', '#abc'],
    [' #123456 ', '#123456'],
    ['red', null],
    ['#12345', null],
    ['#123456;background:url(x)', null],
    ['', null],
    [null, null],
  ])('safeColor(%j) → %j', (input, out) => expect(safeColor(input)).toBe(out));

  it.each([
    ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'],
    ['/v1/agents/x/photo', '/v1/agents/x/photo'],
    ['http://localhost:3001/a.png', 'http://localhost:3001/a.png'],
    ['http://127.0.0.1/a.png', 'http://127.0.0.1/a.png'],
    ['http://evil.example.com/a.png', null],
    ['javascript:alert(1)', null],
    ['data:image/svg+xml,<svg/>', null],
    ['//evil.example.com/a.png', null],
    ['/\\evil.example.com', null],
    ['', null],
  ])('safeImageUrl(%j) → %j', (input, out) => expect(safeImageUrl(input)).toBe(out));

  it('keeps brand text readable (WCAG AA) for any valid colour', () => {
    for (const c of ['#ffffff', '#fde047', '#000000', '#0f766e', '#777777', '#ff0000', '#808080']) {
      const s = brandStyle(c);
      expect(contrastRatio(s['--brand'], s['--brand-ink'])).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(s['--accent'], '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    expect(brandStyle('not a colour')['--brand']).toBe('#1d4ed8');
    expect(brandStyle('#ffffff')['--brand']).toBe('#1d4ed8');
    expect(inkOn('#fde047')).toBe('#111827');
  });

  it('builds contact links only from plausible values', () => {
    expect(phoneHref('tel', '(206) 555-0142')).toBe('tel:2065550142');
    expect(phoneHref('sms', '+1 425 555 0199')).toBe('sms:+14255550199');
    expect(phoneHref('tel', 'call me')).toBeNull();
    expect(mailHref('dana@example.com')).toBe('mailto:dana@example.com');
    expect(mailHref('a b@example.com')).toBeNull();
    expect(mailHref('x@y.com?bcc=z@w.com')).toBeNull();
  });
});

describe('format', () => {
  it('formats numbers for people', () => {
    expect(moneyShort(1_250_000)).toBe('$1.25M');
    expect(moneyShort(865_000)).toBe('$865K');
    expect(signedMoney(-3500)).toBe('−$3,500');
    expect(percent(0.034)).toBe('+3.4%');
    expect(date('2025-03-04')).toBe('Mar 4, 2025');
    expect(date('2025-03-04T10:00:00.000Z')).toBe('Mar 4, 2025');
    expect(coverageWords(0.8)).toBe('about 8 in 10');
    expect(phone('+12065550142')).toBe('(206) 555-0142');
    expect(phone('+44 20 7946 0958')).toBe('+44 20 7946 0958');
  });
});

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
    const csp = contentSecurityPolicy(false, 'abc');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const report = rules.find((r) => r.source === '/r/:path*')!.headers;
    expect(report).toContainEqual({ key: 'Cache-Control', value: 'no-store, max-age=0' });
    expect(report).toContainEqual({ key: 'X-Robots-Tag', value: 'noindex, nofollow' });
    expect(report).toContainEqual({ key: 'Referrer-Policy', value: 'no-referrer' });
    const landingScripts = rules.find((r) => r.source === '/landing/:file*')!.headers;
    expect(landingScripts).toContainEqual({ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' });
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
