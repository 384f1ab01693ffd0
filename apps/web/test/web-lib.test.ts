import { describe, expect, it } from 'vitest';
import { phoneProblem } from '../lib/phone';
import { consentText } from '../lib/consent';
import { contentSecurityPolicy, securityHeaders } from '../lib/security-headers';

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
  it('names the agent in the consent sentence', () => {
    expect(consentText('Dana Whitfield')).toMatch(/^I agree that Dana Whitfield may contact me by call or text/);
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
