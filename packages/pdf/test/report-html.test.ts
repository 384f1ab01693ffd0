import { describe, expect, it } from 'vitest';
import type { ReportModel } from '@opencma/core';
import { DEFAULT_BRAND } from '@opencma/view';
import { renderReportHtml, REPORT_SECTIONS } from '../src/index';
import { noEstimateReport, sampleReport } from '../../../tests/helpers/sample-report';

const opts = { publicUrl: `https://cma.example.com/r/${sampleReport.id}` };

describe('renderReportHtml', () => {
  it('renders a complete document with the address, estimate, range, comps and market', () => {
    const html = renderReportHtml(sampleReport, opts);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).toContain('<title>Home Value Report — 4127 Wallingford Ave N, Seattle, WA 98103</title>');
    expect(html).toContain('<div class="address">4127 Wallingford Ave N</div>');
    expect(html).toContain('$1,042,000');
    expect(html).toContain('$967,000 – $1,117,000');
    expect(html).toContain('Medium confidence');
    expect(html).toContain('We expect about 8 in 10 homes like this to sell between $967,000 and $1,117,000.');
    expect(html).toContain('4219 Woodlawn Ave N');
    expect(html).toContain('3 bd home 0.2 mi N, sold Dec 2024');
    expect(html.match(/does not publish the street address/g)).toHaveLength(1);
    expect(html).toContain('Feb 6, 2025');
    expect(html).toContain('$1,033,500'); // adjusted price of the top comp
    expect(html).toContain('<td class="num">0.1 mi</td>'); // distances, months, percents and money as on the page
    expect(html).toContain('<div class="v up">+2.1%</div>');
    expect(html).toContain('<div class="v ">$962K</div>');
    expect(html).toContain('$900K – $1.05M');
    expect(html).toContain('>Mar*</text>');
    expect(html).toContain('Median $/sq ft by month');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('Northwest Multiple Listing Service');
    expect(html).toContain('Data as of Mar 12, 2025');
    expect(html).toContain('https://cma.example.com/r/k3Jf9QmZ2xV7pLr4TnB8wYc1');
    expect(html).toContain('noindex');
  });

  it('makes no external requests: no scripts, stylesheets or non-https resources', () => {
    const html = renderReportHtml(sampleReport, opts);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/src="http:/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('explains why there is no estimate', () => {
    const html = renderReportHtml(noEstimateReport, opts);
    expect(html).toContain('No estimate for this home');
    expect(html).toContain('Only 2 comparable sales were found within 6 miles');
    expect(html).not.toContain('Estimated market value');
  });

  it('handles a failed report with no subject, valuation or market', () => {
    const failed: ReportModel = {
      ...sampleReport,
      status: 'failed',
      subject: null,
      valuation: null,
      market: null,
      failureReason: 'The MLS did not answer after 5 tries.',
    };
    const html = renderReportHtml(failed, opts);
    expect(html).toContain('4127 Wallingford Ave N');
    expect(html).toContain('The MLS did not answer after 5 tries.');
    expect(html).toContain('No comparable sales were found');
    expect(html).toContain('Market statistics are not available');
  });

  it('escapes every agent- and MLS-provided string', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const model: ReportModel = {
      ...sampleReport,
      propertyAddress: evil,
      subject: { ...sampleReport.subject!, address: evil },
      agent: { ...sampleReport.agent, name: evil, brokerage: `</style><script>alert(2)</script>`, email: evil },
      valuation: {
        ...sampleReport.valuation!,
        comps: sampleReport.valuation!.comps.map((c) => ({ ...c, sale: { ...c.sale, address: c.sale.address && evil, city: evil } })),
        notes: [evil],
      },
      market: { ...sampleReport.market!, areaLabel: evil },
      disclaimer: evil,
    };
    const html = renderReportHtml(model, opts);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</style><');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
  });

  it('uses only a valid hex primary colour and https images', () => {
    const bad: ReportModel = {
      ...sampleReport,
      agent: {
        ...sampleReport.agent,
        primaryColor: 'red;}body{display:none',
        logoUrl: 'http://insecure.example/logo.png',
        photoUrl: 'javascript:alert(1)',
      },
    };
    const html = renderReportHtml(bad, opts);
    expect(html).not.toContain('display:none');
    expect(html).toContain(`background: ${DEFAULT_BRAND}`);
    expect(html).not.toContain('insecure.example');
    expect(html).not.toContain('javascript:');

    const good: ReportModel = {
      ...sampleReport,
      agent: { ...sampleReport.agent, primaryColor: '#F2C', logoUrl: 'https://cdn.example.com/logo.png?a=1&b="2"' },
    };
    const html2 = renderReportHtml(good, opts);
    expect(html2).toContain('#ff22cc');
    expect(html2).toContain('src="https://cdn.example.com/logo.png?a=1&amp;b=%222%22"');
    expect(html2).toContain('color: #111827'); // dark text on a light brand colour
  });

  it('never shows a phone number other than the agent’s own', () => {
    const html = renderReportHtml(sampleReport, opts);
    const phones = html.match(/\+?1?[\s(]*\d{3}[\s)-]*\d{3}[\s-]\d{4}/g) ?? [];
    expect(phones.every((p) => p.includes('555-0147'))).toBe(true);
  });

  it('has the page’s sections in the page’s order, a comp map and each comp’s adjustments', () => {
    const html = renderReportHtml(sampleReport, opts);
    const order = [...html.matchAll(/data-section="([a-z]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([...REPORT_SECTIONS]);
    expect(html).toContain('Where these sales are');
    expect(html).toMatch(/aria-label="Home and 8 comparable sales within [\d.]+ mi"/);
    const adjustments = html.match(/<tr class="adj">/g) ?? [];
    expect(adjustments).toHaveLength(sampleReport.valuation!.comps.length);
    expect(html).toContain('Living area +$12,400');
  });

  it('marks the facts the consumer corrected', () => {
    const html = renderReportHtml({ ...sampleReport, subject: { ...sampleReport.subject!, consumerProvided: ['bedrooms', 'sqftLiving'] } }, opts);
    expect(html.match(/class="fact corrected"/g)).toHaveLength(2);
    expect(html).toContain('As you told us');
    expect(renderReportHtml({ ...sampleReport, subject: { ...sampleReport.subject!, consumerProvided: [] } }, opts)).not.toContain('As you told us');
  });

  it('rejects a non-http publicUrl', () => {
    expect(() => renderReportHtml(sampleReport, { publicUrl: 'javascript:alert(1)' })).toThrow(TypeError);
  });
});
