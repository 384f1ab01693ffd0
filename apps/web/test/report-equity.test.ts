import { describe, expect, it } from 'vitest';
import type { PageAssets } from '../lib/page/document';
import { REPORT_CONFIG_ID, type ReportClientConfig } from '../lib/report/client-config';
import { calculateEquity, resultLines } from '../lib/report/equity-calc';
import { renderReportPage } from '../lib/report/report-page';
import { noEstimateReport, sampleReport as report } from '../../../tests/helpers/sample-report';

const assets: PageAssets = { css: '', script: '/landing/report-ABC123.js', icon: '/icon.svg?v=1' };
const estimate = { value: 600_000, low: 560_000, high: 640_000 };
const defaults = { commissionPct: 5.5, closingCostPct: 1.5 };
const today = '2025-01-15';

describe('equity calculator (shared by the server and the browser)', () => {
  it('nothing entered: a sale at the estimate with the agent’s default costs and no loan', () => {
    const { errors, result } = calculateEquity({}, estimate, defaults, today);
    expect(errors).toEqual({});
    expect(result).toMatchObject({ owed: null, equity: null, sale: { commission: 33_000, closingCosts: 9_000, payoff: 0, net: 558_000 } });
  });

  it('what you owe gives equity and net proceeds; typed costs override the defaults', () => {
    const { result } = calculateEquity({ owed: '$372,217.58', commission: '5', closing: '2%' }, estimate, defaults, today);
    expect(result?.equity).toEqual({ low: 187_782.42, value: 227_782.42, high: 267_782.42 });
    expect(result?.sale).toMatchObject({ commission: 30_000, closingCosts: 12_000, net: 185_782.42 });
    expect(resultLines(result!).net).toBe('$185,782');
  });

  it('estimates the balance from the purchase: $500,000 with $100,000 down at 6% for 30 years, 60 payments made', () => {
    const { result } = calculateEquity({ price: '500,000', down: '100000', start: '2020-01', rate: '6', term: '30' }, estimate, defaults, today);
    expect(result?.owedEstimated).toBe(true);
    expect(result?.owed).toBeCloseTo(372_217.58, 0);
  });

  it('bad input gets a clear error per field and no result', () => {
    const bad = calculateEquity(
      { owed: 'lots', rate: '99', start: '2099-01', term: '0', commission: '-1', down: '9', price: '5' },
      estimate,
      defaults,
      today,
    );
    expect(bad.result).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['commission', 'down', 'owed', 'rate', 'start', 'term']);
    const incomplete = calculateEquity({ price: '500000' }, estimate, defaults, today);
    expect(incomplete.errors).toEqual({
      start: 'Add the month you bought (or enter what you owe instead)',
      rate: 'Add the interest rate (or enter what you owe instead)',
    });
  });
});

describe('the equity section on the report page', () => {
  const render = (query = {}) => renderReportPage(report, { nonce: 'bm9uY2U=', assets }, { equityQuery: query, today });

  it('offers the GET form with the agent’s defaults, no result yet, no inline style; the script gets the estimate', () => {
    const doc = render();
    expect(doc).toContain(`<form class="equity-form" method="get" action="/r/${report.id}#equity" data-equity novalidate>`);
    expect(doc).toContain('placeholder="5.5"');
    expect(doc).toContain('placeholder="1.5"');
    expect(doc).toMatch(/<div class="equity-result" data-equity-result aria-live="polite" hidden>/);
    expect(doc).not.toMatch(/ style=/);
    const config = JSON.parse(
      new RegExp(`<script type="application/json" id="${REPORT_CONFIG_ID}">(.*?)</script>`, 's').exec(doc)![1]!,
    ) as ReportClientConfig;
    expect(config.equity).toEqual({ estimate: { value: 1_042_000, low: 967_000, high: 1_117_000 }, commissionPct: 5.5, closingCostPct: 1.5 });
  });

  it('answers a submitted form on the server (works without JavaScript), escaping what was typed', () => {
    const doc = render({ calc: '1', owed: '400000' });
    expect(doc).toMatch(/<div class="equity-result" data-equity-result aria-live="polite"><dl>/);
    expect(doc).toContain('<dd data-out="equity">$642,000 (likely $567,000 – $717,000)</dd>');
    // 1,042,000 − 57,310 − 15,630 − 400,000
    expect(doc).toContain('<dd data-out="net" class="equity-net">$569,060</dd>');
    const bad = render({ calc: '1', owed: '"><script>x</script>' });
    expect(bad).not.toContain('<script>x</script>');
    expect(bad).toContain('aria-invalid="true"');
    expect(bad).toContain('Enter what you owe in dollars, e.g. 250,000');
  });

  it('keeps via=agent on the form when the agent opened the report from the workspace', () => {
    expect(render()).not.toContain('name="via"');
    const doc = renderReportPage(report, { nonce: null, assets }, { agentView: true, today });
    expect(doc).toContain('<input type="hidden" name="via" value="agent">');
  });

  it('is absent when there is no estimate', () => {
    const doc = renderReportPage(noEstimateReport, { nonce: null, assets }, { today });
    expect(doc).not.toContain('data-equity');
  });
});
