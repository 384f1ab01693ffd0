import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../src/index';
import { sampleReport } from '../../../tests/helpers/sample-report';

const opts = { publicUrl: `https://cma.example.com/r/${sampleReport.id}` };

describe('the PDF footer', () => {
  it('carries the license numbers and the Equal Housing Opportunity statement in small print', () => {
    const html = renderReportHtml(sampleReport, opts);
    const foot = html.slice(html.indexOf('<footer class="foot"'));
    expect(foot).toContain(
      '<p style="margin:4px 0 0" class="compliance">Dana Whitfield, License #21004567 · Northlight Realty, License #9087 · Equal Housing Opportunity</p>',
    );
    const bare = renderReportHtml(
      { ...sampleReport, agent: { ...sampleReport.agent, licenseNumber: null, brokerageLicenseNumber: null, equalHousingOpportunity: false } },
      opts,
    );
    expect(bare).toContain('class="compliance">Dana Whitfield · Northlight Realty</p>');
  });
});
