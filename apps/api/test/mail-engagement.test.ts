import { describe, expect, it } from 'vitest';
import { MACHINE_WINDOW_MS, machineReason, PREFETCH_WINDOW_MS } from '../src/analytics/mail-engagement';

const SENT = new Date('2026-11-01T14:00:00Z');
const after = (ms: number) => new Date(SENT.getTime() + ms);
const HOURS = 3600_000;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const APPLE_MAIL_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const APPLE_MAIL_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const GMAIL = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const OUTLOOK = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)';

describe('machine opens and clicks of value updates (decision 0036)', () => {
  const open = (userAgent: string | null, ms: number) => machineReason({ kind: 'open', userAgent, sentAt: SENT, at: after(ms) });
  const click = (userAgent: string | null, ms: number) => machineReason({ kind: 'click', userAgent, sentAt: SENT, at: after(ms) });

  it('a person: a phone browser, Outlook, Gmail and Yahoo image proxies (they fetch when the reader opens)', () => {
    expect(open(IPHONE, 2 * HOURS)).toBeNull();
    expect(open(OUTLOOK, 2 * HOURS)).toBeNull();
    expect(open(GMAIL, 2 * HOURS)).toBeNull();
    expect(open('YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', 2 * HOURS)).toBeNull();
    expect(click(IPHONE, 2 * HOURS)).toBeNull();
  });

  it('Apple Mail Privacy Protection: its bare proxy agent always, Apple Mail right after delivery; Apple Mail later is the reader', () => {
    expect(open('Mozilla/5.0', 3 * 24 * HOURS)).toBe('bot');
    expect(open(APPLE_MAIL_MAC, 2 * 60_000)).toBe('prefetch');
    expect(open(APPLE_MAIL_IOS, PREFETCH_WINDOW_MS - 1)).toBe('prefetch');
    expect(open(APPLE_MAIL_MAC, PREFETCH_WINDOW_MS)).toBeNull();
    expect(open(APPLE_MAIL_IOS, 5 * HOURS)).toBeNull();
  });

  it('anything within seconds of sending (scanners at delivery), whatever it calls itself', () => {
    expect(open(IPHONE, 0)).toBe('too_soon');
    expect(open(GMAIL, MACHINE_WINDOW_MS - 1)).toBe('too_soon');
    expect(click(IPHONE, 3000)).toBe('too_soon');
    expect(open(IPHONE, MACHINE_WINDOW_MS)).toBeNull();
  });

  it('bots, scanners and no User-Agent; a mail proxy never clicks', () => {
    expect(open(null, HOURS)).toBe('bot');
    expect(open('  ', HOURS)).toBe('bot');
    expect(click('Barracuda Sentinel (EE)', HOURS)).toBe('bot');
    expect(click('python-requests/2.31', HOURS)).toBe('bot');
    expect(click(GMAIL, HOURS)).toBe('bot');
  });

  it('no send time recorded yet counts as just sent', () => {
    expect(machineReason({ kind: 'open', userAgent: IPHONE, sentAt: null, at: SENT })).toBe('too_soon');
  });
});
