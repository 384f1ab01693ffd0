import { describe, expect, it } from 'vitest';
import type { Sale } from '@opencma/core';
import { reportStory } from '@opencma/view';
import { sampleReport } from '../../../tests/helpers/sample-report';
import { NEW_SALES_LISTED, newSaleLine, updateContent } from '../src/home-updates/content';
import { renderHomeUpdateEmail, type HomeUpdateEmailInput } from '../src/home-updates/email';

const subject = sampleReport.subject!;
const market = sampleReport.market!;
const estimate = { value: 1_050_000, low: 975_000, high: 1_125_000 };

/** A sale `north` degrees of latitude north of the home (0.01° ≈ 0.69 mi). */
const sale = (id: string, closeDate: string, north: number, patch: Partial<Sale> = {}): Sale => ({
  ...subject,
  id,
  address: null,
  city: 'Seattle',
  closePrice: 900_000,
  closeDate,
  photoUrl: null,
  latitude: subject.latitude + north,
  bedrooms: 3,
  sqftLiving: 1_850,
  ...patch,
});

const base: HomeUpdateEmailInput = {
  agent: { name: 'Dana Whitfield', brokerage: 'Northlight Realty', brandColor: '#0F5C4D', email: 'dana@northlight.example' },
  address: '4127 Wallingford Ave N, Seattle, WA 98103',
  valuedAt: '2025-05-01',
  estimate,
  lastValue: 1_040_000,
  firstValue: 1_042_000,
  reportUrl: 'https://cma.example.com/r/abc',
  historyUrl: 'https://cma.example.com/r/abc/history',
  unsubscribeUrl: 'https://cma.example.com/v1/home-updates/unsubscribe/tok',
  preferencesUrl: 'https://cma.example.com/home-updates/tok',
};

describe('what an update says beyond the estimate (updateContent)', () => {
  const sales = [
    sale('far', '2025-04-20', 0.012, { closePrice: 1_210_000, bedrooms: 4, sqftLiving: 2_400 }),
    sale('old', '2025-03-20', 0.001), // before the last valuation: not new
    sale('near', '2025-04-12', 0.004, { closePrice: 612_000 }),
    sale('mid', '2025-04-02', 0.006, { bedrooms: null }),
    ...Array.from({ length: 5 }, (_, i) => sale(`x${i}`, '2025-04-25', 0.013 + i * 0.001)),
  ];
  const content = updateContent({
    gathered: { subject, market, valuationDate: '2025-05-01', areaSales: sales },
    estimate,
    sinceDate: '2025-04-01',
    owed: null,
  });

  it('lists the sales since the last valuation, the closest few, in words', () => {
    expect(content.newSales!.since).toBe('2025-04-01');
    expect(content.newSales!.total).toBe(8);
    expect(content.newSales!.lines).toHaveLength(NEW_SALES_LISTED);
    expect(content.newSales!.lines.slice(0, 3)).toEqual([
      '3 bd · 1,850 sq ft · 0.3 mi · sold $612,000 on Apr 12, 2025',
      '1,850 sq ft · 0.4 mi · sold $900,000 on Apr 2, 2025',
      '4 bd · 2,400 sq ft · 0.8 mi · sold $1,210,000 on Apr 20, 2025',
    ]);
    expect(newSaleLine(sale('n', '2015-04-12', 0, { bedrooms: null, sqftLiving: null }), subject)).toBe(
      'under 0.1 mi · sold $900,000 on Apr 12, 2015',
    );
  });

  it('says the market the way the report page and its PDF do', () => {
    const withReportEstimate = updateContent({
      gathered: { subject, market, valuationDate: '2025-05-01', areaSales: [] },
      estimate: sampleReport.valuation!.estimate!,
      sinceDate: '2025-04-01',
      owed: null,
    });
    expect(withReportEstimate.market).toBe(reportStory(sampleReport).market!.sentence);
    expect(withReportEstimate.newSales).toEqual({ since: '2025-04-01', total: 0, lines: [] });
  });

  it('has an equity line only when the homeowner gave what they owe: an amount, or a loan whose balance is estimated on the update’s date', () => {
    expect(content.equity).toBeNull();
    const owed = updateContent({
      gathered: { subject, market, valuationDate: '2025-05-01', areaSales: [] },
      estimate,
      sinceDate: null,
      owed: { kind: 'owed', amount: 300_000, asOf: '2025-01-10' },
    });
    expect(owed.equity).toEqual({ value: 750_000, low: 675_000, high: 825_000, owed: 300_000, estimated: false });
    expect(owed.newSales).toBeNull();
    // $400,000 at 6% for 30 years from Jan 2024: 16 payments by May 1, 2025 (a month-by-month table gives $393,384.21)
    const loan = updateContent({
      gathered: { subject, market, valuationDate: '2025-05-01', areaSales: [] },
      estimate,
      sinceDate: null,
      owed: { kind: 'loan', amount: 400_000, start: '2024-01-01', ratePct: 6, termYears: 30 },
    });
    expect(loan.equity).toMatchObject({ owed: 393_384, value: 1_050_000 - 393_384, estimated: true });
    const noEstimate = updateContent({
      gathered: { subject, market, valuationDate: '2025-05-01', areaSales: [] },
      estimate: null,
      sinceDate: null,
      owed: { kind: 'owed', amount: 300_000, asOf: '2025-01-10' },
    });
    expect(noEstimate.equity).toBeNull();
  });
});

describe('the update e-mail (renderHomeUpdateEmail)', () => {
  const full = renderHomeUpdateEmail({
    ...base,
    newSales: {
      since: '2025-04-01',
      total: 8,
      lines: ['3 bd · 1,850 sq ft · 0.3 mi · sold $612,000 on Apr 12, 2025', '1,850 sq ft · 0.4 mi · sold $900,000 on Apr 2, 2025'],
    },
    market: 'Prices per square foot within 1 mile of your home rose 2.1% over the past year.',
    equity: { value: 750_000, low: 675_000, high: 825_000, owed: 300_000, estimated: false },
  });

  it('the text part: estimate, changes, equity, new sales, market, and the history, report, preferences and unsubscribe links', () => {
    expect(full.text).toBe(
      [
        "Your home's value update from Dana Whitfield · Northlight Realty",
        '4127 Wallingford Ave N, Seattle, WA 98103',
        '',
        'Estimate today:         $1,050,000',
        'Likely range:           $975,000 – $1,125,000',
        'Since the last update:  +$10,000',
        'Since your first report:+$8,000',
        'Your equity:            $750,000 (likely $675,000 – $825,000)',
        'Valued as of:           May 1, 2025',
        'The estimate less the $300,000 you told us you owe.',
        '',
        'NEW SALES NEARBY',
        '8 new sales within 1 mile of your home since Apr 1, 2025 (the closest 2 of 8):',
        '- 3 bd · 1,850 sq ft · 0.3 mi · sold $612,000 on Apr 12, 2025',
        '- 1,850 sq ft · 0.4 mi · sold $900,000 on Apr 2, 2025',
        '',
        'YOUR LOCAL MARKET',
        'Prices per square foot within 1 mile of your home rose 2.1% over the past year.',
        '',
        'See your home’s value history: https://cma.example.com/r/abc/history',
        'Open your full report: https://cma.example.com/r/abc',
        '',
        'Change how often or what you owe: https://cma.example.com/home-updates/tok',
        'Unsubscribe: https://cma.example.com/v1/home-updates/unsubscribe/tok',
      ].join('\n'),
    );
  });

  it('the HTML part says the same, in one column no wider than 600 px, in the agent’s colour', () => {
    const h = full.html;
    for (const s of [
      '$1,050,000',
      '$975,000 – $1,125,000',
      '+$10,000',
      '+$8,000',
      '$750,000 (likely $675,000 – $825,000)',
      'The estimate less the $300,000 you told us you owe.',
      '8 new sales within 1 mile of your home since Apr 1, 2025 (the closest 2 of 8):',
      '<li style="margin:0 0 4px">3 bd · 1,850 sq ft · 0.3 mi · sold $612,000 on Apr 12, 2025</li>',
      'Prices per square foot within 1 mile of your home rose 2.1% over the past year.',
      'href="https://cma.example.com/r/abc/history"',
      'href="https://cma.example.com/r/abc"',
      'href="https://cma.example.com/home-updates/tok"',
      'href="https://cma.example.com/v1/home-updates/unsubscribe/tok"',
      'background:#0f5c4d',
    ])
      expect(h).toContain(s);
    const widths = [...h.matchAll(/(?:max-)?width:(\d+)px/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBeLessThanOrEqual(600);
    expect(h).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('without what is owed, no equity line; without new sales, says so; every value escaped', () => {
    const mail = renderHomeUpdateEmail({
      ...base,
      address: '1 <b>Main</b> St',
      newSales: { since: '2025-04-01', total: 0, lines: [] },
      market: null,
      equity: null,
    });
    expect(mail.text).not.toMatch(/equity/i);
    expect(mail.html).not.toMatch(/equity/i);
    expect(mail.text).toContain('No new sales within 1 mile of your home since Apr 1, 2025.');
    expect(mail.html).toContain('No new sales within 1 mile of your home since Apr 1, 2025.');
    expect(mail.text).not.toContain('YOUR LOCAL MARKET');
    expect(mail.html).toContain('1 &lt;b&gt;Main&lt;/b&gt; St');
    expect(mail.html).not.toContain('<b>Main');
  });
});
