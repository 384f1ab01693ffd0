import { describe, expect, it } from 'vitest';
import { brandStyle, contrastRatio, DEFAULT_BRAND, httpsImageUrl, inkOn, mailHref, phoneHref, safeColor, safeImageUrl } from '../src/index';

describe('branding is data', () => {
  it.each([
    ['#0f766e', '#0f766e'],
    ['#ABC', '#aabbcc'],
    [' #123456 ', '#123456'],
    ['red', null],
    ['#12345', null],
    ['#123456;background:url(x)', null],
    ['', null],
    [null, null],
  ])('safeColor(%j) → %j', (input, out) => expect(safeColor(input)).toBe(out));

  it.each([
    ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'],
    ['https://cdn.example.com/a.png?a=1&b="2"', 'https://cdn.example.com/a.png?a=1&b=%222%22', 'https://cdn.example.com/a.png?a=1&b=%222%22'],
    ['/v1/agents/x/photo', '/v1/agents/x/photo', null],
    ['http://localhost:3001/a.png', 'http://localhost:3001/a.png', null],
    ['http://127.0.0.1/a.png', 'http://127.0.0.1/a.png', null],
    ['http://evil.example.com/a.png', null, null],
    ['javascript:alert(1)', null, null],
    ['data:image/svg+xml,<svg/>', null, null],
    ['//evil.example.com/a.png', null, null],
    ['/\\evil.example.com', null, null],
    ['', null, null],
    [null, null, null],
  ])('safeImageUrl(%j) → %j; for a PDF or e-mail → %j', (input, page, away) => {
    expect(safeImageUrl(input)).toBe(page);
    expect(httpsImageUrl(input)).toBe(away);
  });

  it('keeps brand text readable (WCAG AA) for any valid colour', () => {
    for (const c of ['#ffffff', '#fde047', '#000000', '#0f766e', '#777777', '#ff0000', '#808080', '#F2C']) {
      const s = brandStyle(c);
      expect(contrastRatio(s['--brand'], s['--brand-ink'])).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(s['--accent'], '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    expect(brandStyle('not a colour')['--brand']).toBe(DEFAULT_BRAND);
    expect(brandStyle('#ffffff')['--brand']).toBe(DEFAULT_BRAND);
    expect(brandStyle('#F2C')).toEqual({ '--brand': '#ff22cc', '--brand-ink': '#111827', '--accent': DEFAULT_BRAND });
    expect(brandStyle('#0F5C4D', '#F2C14E')).toEqual({ '--brand': '#0f5c4d', '--brand-ink': '#ffffff', '--accent': '#0f5c4d' });
    expect(inkOn('#fde047')).toBe('#111827');
    expect(inkOn('#abc')).toBe(inkOn('#aabbcc'));
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
