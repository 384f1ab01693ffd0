/**
 * The page and the PDF of one report say the same about its numbers (issue #22, decision 0025): the same
 * range sentence and account, shares that sum to 100% and reproduce the estimate, US conventions (no
 * km, US spelling, no pipeline words or county codes) and a market sentence with days on market.
 */
import { describe, expect, it } from 'vitest';
import { estimateAccount, type ReportModel } from '@opencma/core';
import { renderReportHtml } from '@opencma/pdf';
import { reportStory } from '@opencma/view';
import type { PageAssets } from '../../apps/web/lib/page/document';
import { renderReportPage } from '../../apps/web/lib/report/report-page';
import { sampleReport } from '../helpers/sample-report';

const assets: PageAssets = { css: '', script: '/landing/report-ABC123.js', icon: '/icon.svg?v=1' };

/** What a reader sees: markup, scripts and styles removed, entities decoded, spaces collapsed. */
function visibleText(doc: string): string {
  return doc
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<style[^>]*>.*?<\/style>/gs, '')
    .replace(/<title[^>]*>.*?<\/title>/gs, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const faces = (r: ReportModel) => ({
  page: visibleText(renderReportPage(r, { nonce: 'bm9uY2U=', assets })),
  pdf: visibleText(renderReportHtml(r, { publicUrl: `https://cma.example.com/r/${r.id}` })),
});

const BRITISH = /\b(centre|colour|summaris|recognis|licence|neighbour|favour|analys(e|ing)|organis|behaviour|metre)/i;
const JARGON = /Step \d of \d|earlier sales\b|comps chosen|grade \d+ of 13|\d+ of 13\b|\bkm\b/i;

describe('one account of a report on the page and in the PDF', () => {
  const { page, pdf } = faces(sampleReport);
  const story = reportStory(sampleReport);

  it('says the same range sentence, confidence and account on both', () => {
    const range = 'We expect about 8 in 10 homes like this to sell between $967,000 and $1,117,000.';
    expect(story.range).toBe(range);
    for (const face of [page, pdf]) {
      expect(face).toContain(range);
      expect(face).toContain(story.confidence!.meaning);
      expect(face).toContain(story.accountSummary!);
      for (const row of story.accountRows) expect(face).toContain(`${row.percent}%`);
      expect(face).toContain(story.basis!);
      expect(face).toContain(story.market!.sentence);
      expect(face).toContain(story.withheldNote!);
      // the adjustment whose sign surprises (fewer bedrooms, adjusted down) is explained on both
      expect(face).toContain('Adjusted down because this home has one fewer bedroom than yours (2 vs 3). Around here, at the same living area');
      expect(face).toContain('$/sq ft, past year');
      expect(face).toContain('+2.1%');
    }
  });

  it('has shares that sum to 100% and reproduce the estimate', () => {
    const account = estimateAccount(sampleReport.valuation, story.comps)!;
    expect(account.lines.reduce((t, l) => t + l.percent, 0)).toBe(100);
    expect(account.lines.reduce((t, l) => t + l.share, 0)).toBeCloseTo(1, 9);
    expect(account.comps.percent + account.marketModel!.percent).toBe(100);
    // the engine blends geometrically: the exact shares give the estimate to its rounding ($1,000)
    expect(Math.abs(account.reproduced - account.estimate)).toBeLessThanOrEqual(500);
    // and a reader's arithmetic with the shown whole percents lands within 1% of it
    const byHand = account.lines.reduce((t, l) => t + (l.percent / 100) * l.value, 0);
    expect(Math.abs(byHand / account.estimate - 1)).toBeLessThan(0.01);
    // the comps, the local price model and the market model are separate lines
    expect(account.lines.map((l) => l.kind)).toEqual([...Array(8).fill('comp'), 'local-model', 'market-model']);
  });

  it('speaks US English in miles, without pipeline words or county codes', () => {
    for (const face of [page, pdf]) {
      expect(face).not.toMatch(BRITISH);
      expect(face).not.toMatch(JARGON);
      expect(face).not.toContain('vs last year: —');
      expect(face).not.toContain('Undisclosed address');
    }
  });

  it('tells the market story with days on market and sale-to-list', () => {
    const sentence = story.market!.sentence;
    expect(sentence).toMatch(/median of 8 days on the market/);
    expect(sentence).toMatch(/102% of their asking price/);
    expect(sentence).toMatch(/Your estimate is (below|near|above) the area’s median sale price of \$962K because/);
  });

  it('shows a visible demo-data note on both when the bundled local MLS is the source, and none otherwise', () => {
    expect(page).not.toContain('Demo data');
    const demo = faces({ ...sampleReport, valuation: { ...sampleReport.valuation!, dataSource: 'demo' }, dataAsOf: '2015-03-27' });
    for (const face of [demo.page, demo.pdf]) expect(face).toContain('Demo data: sales through March 2015.');
  });

  it('reads an older stored report (km area label, no blend, no local model value) in miles, comps only', () => {
    const old: ReportModel = {
      ...sampleReport,
      valuation: { ...sampleReport.valuation!, blend: undefined, localModelValue: undefined },
      market: { ...sampleReport.market!, areaLabel: 'Within 2 km of the home', radiusMiles: undefined },
    };
    const o = faces(old);
    for (const face of [o.page, o.pdf]) {
      expect(face).not.toMatch(/\bkm\b/);
      expect(face).toContain('within 1.2 mi of the home');
      expect(face).toContain('The estimate comes from nearby sales alone');
    }
    const account = estimateAccount(old.valuation, reportStory(old).comps)!;
    expect(account.lines.reduce((t, l) => t + l.percent, 0)).toBe(100);
    expect(Math.abs(account.reproduced / account.estimate - 1)).toBeLessThan(0.001);
  });
});
