import { describe, expect, it } from 'vitest';
import type { HomeUpdatePreferences } from '../lib/api';
import { owedWords, renderPreferencesPage } from '../lib/home-updates/preferences-page';
import type { PageAssets } from '../lib/page/document';
import { renderHistoryPage, type ReportHistory } from '../lib/report/history-page';
import { renderReportPage } from '../lib/report/report-page';
import { contentSecurityPolicy, securityHeaders } from '../lib/security-headers';
import { sampleReport as report } from '../../../tests/helpers/sample-report';

const assets: PageAssets = { css: '.report-head{color:red}', script: '/landing/report-ABC123.js', icon: '/icon.svg?v=1' };
const ctx = { nonce: 'bm9uY2U=', assets };
const text = (doc: string) =>
  doc
    .replace(/<style[^>]*>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

const history: ReportHistory = {
  reportId: report.id,
  entries: [
    { kind: 'report', date: '2025-03-14', estimate: { value: 1_042_000, low: 967_000, high: 1_117_000 }, change: null },
    { kind: 'update', date: '2025-04-01', estimate: { value: 1_050_000, low: 975_000, high: 1_125_000 }, change: 8_000 },
    { kind: 'update', date: '2025-05-01', estimate: null, change: null },
    { kind: 'update', date: '2025-06-01', estimate: { value: 1_061_000, low: 985_000, high: 1_137_000 }, change: 11_000 },
  ],
};

describe('the home value history page /r/{id}/history', () => {
  const doc = renderHistoryPage(report, history, ctx);

  it('lists every valuation in date order — the first report, then each update — with estimate, range and change', () => {
    const rows = [...doc.matchAll(/<tr data-kind="(report|update)" data-date="([\d-]+)">(.*?)<\/tr>/g)];
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      ['report', '2025-03-14'],
      ['update', '2025-04-01'],
      ['update', '2025-05-01'],
      ['update', '2025-06-01'],
    ]);
    expect(text(rows[0]![3]!)).toBe(' Mar 14, 2025 First report $1,042,000 $967,000 – $1,117,000 — ');
    expect(text(rows[1]![3]!)).toBe(' Apr 1, 2025 Value update $1,050,000 $975,000 – $1,125,000 +$8,000 ');
    expect(text(rows[2]![3]!)).toBe(' May 1, 2025 Value update No estimate — ');
    expect(text(rows[3]![3]!)).toContain('+$11,000');
  });

  it('shows the newest estimate and its change since the first report, the agent and a link back to the report', () => {
    const t = text(doc);
    expect(t).toContain(
      'Latest estimate $1,061,000 Likely range $985,000 – $1,137,000 Value update, valued as of Jun 1, 2025 · +$19,000 since your first report',
    );
    expect(t).toContain('Dana Whitfield');
    expect(doc).toContain(`<a class="btn btn-outline" href="/r/${report.id}">Open your full report</a>`);
  });

  it('is private like the report (noindex, no referrer), has no script, its style has the nonce, and shows nothing the report does not', () => {
    expect(doc).toContain('<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow, nocache">');
    expect(doc).not.toContain('<script');
    expect(doc).toContain('<style nonce="bm9uY2U=">');
    expect(contentSecurityPolicy(false, 'abc', `/r/${report.id}/history`)).toContain("style-src 'self' 'nonce-abc';");
    const rule = securityHeaders().find((r) => r.source === '/r/:path*')!.headers;
    expect(rule).toContainEqual({ key: 'X-Robots-Tag', value: 'noindex, nofollow' });
  });

  it('the report page links to it from the value-updates section, whose optional owed fields are named unlike the calculator’s', () => {
    const page = renderReportPage(report, ctx);
    expect(page).toContain(`<a href="/r/${report.id}/history">Your home’s value history</a>`);
    const labels = [...page.matchAll(/<label for="([^"]+)">([^<]+)<\/label>/g)].map((m) => m[2]!.trim());
    expect(labels).toEqual(expect.arrayContaining(['Amount owed on your home now ($)', 'What you owe today ($)']));
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
  });
});

describe('the value-updates preferences page /home-updates/{token}', () => {
  const prefs: HomeUpdatePreferences = {
    status: 'active',
    frequency: 'quarterly',
    address: '4127 Wallingford Ave N, Seattle, WA 98103',
    reportId: report.id,
    owed: { kind: 'owed', amount: 310_000, asOf: '2026-12-06' },
  };
  const token = 'tok_0123456789abcdefABCDEF';

  it('shows the frequency, what is on file, a form posting to itself and an unsubscribe button; no script; private', () => {
    const doc = renderPreferencesPage(token, prefs, report, ctx);
    expect(doc).toContain(`<form class="updates-form equity-form" method="post" action="/home-updates/${token}" novalidate>`);
    expect(doc).toContain('<input type="radio" name="frequency" value="quarterly" checked>');
    expect(doc).not.toContain('value="monthly" checked');
    expect(text(doc)).toContain('On file: $310,000 you owe (as you told us on Dec 6, 2026).');
    expect(doc).toContain('name="forget_owed"');
    expect(doc).toContain(
      `<form method="post" action="/v1/home-updates/unsubscribe/${token}"><button type="submit" class="btn btn-outline">Unsubscribe</button></form>`,
    );
    expect(doc).not.toContain('<script');
    expect(doc).toContain('<meta name="robots" content="noindex, nofollow, nocache">');
    expect(contentSecurityPolicy(false, 'abc', `/home-updates/${token}`)).toContain("style-src 'self' 'nonce-abc';");
    const rule = securityHeaders().find((r) => r.source === '/home-updates/:path*')!.headers;
    expect(rule).toContainEqual({ key: 'Referrer-Policy', value: 'same-origin' });
    expect(doc).toContain('<meta name="referrer" content="same-origin">');
  });

  it('after a 400: what was typed and each error next to its field; after saving: says so', () => {
    const doc = renderPreferencesPage(token, { ...prefs, owed: null }, report, ctx, {
      values: { owed: 'a lot', frequency: 'monthly' },
      errors: { owed: 'Enter what you owe in dollars, e.g. 250,000' },
    });
    expect(doc).toContain('value="a lot" placeholder="e.g. 310,000" aria-invalid="true"');
    expect(doc).toContain('<p class="field-error" id="pref-owed-error">Enter what you owe in dollars, e.g. 250,000</p>');
    expect(doc).toContain('<input type="radio" name="frequency" value="monthly" checked>');
    expect(doc).not.toContain('name="forget_owed"');
    expect(renderPreferencesPage(token, prefs, report, ctx, { saved: true })).toContain('role="status" data-testid="saved">Saved.');
  });

  it('an unsubscribed subscription shows no form', () => {
    const doc = renderPreferencesPage(token, { ...prefs, status: 'unsubscribed' }, report, ctx);
    expect(doc).not.toContain('<form');
    expect(text(doc)).toContain('You are unsubscribed');
  });

  it('words what is on file', () => {
    expect(owedWords(null)).toBe('Nothing: your updates show no equity line.');
    expect(owedWords({ kind: 'loan', amount: 400_000, start: '2019-06-01', ratePct: 6.125, termYears: 30 })).toBe(
      'A loan of $400,000 from Jun 2019 at 6.125% for 30 years; each update estimates its balance.',
    );
  });
});
