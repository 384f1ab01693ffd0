/** Issue #22 on the report page: every address answered, a next step, agent views that don't count, the link preview, compliance. */
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '@opencma/core';
import type { PageAssets } from '../lib/page/document';
import { REPORT_CONFIG_ID, type ReportClientConfig } from '../lib/report/client-config';
import { renderReportPage } from '../lib/report/report-page';
import { agentReportLink } from '../lib/agent/lead-page';
import { sampleReport as report } from '../../../tests/helpers/sample-report';

const assets: PageAssets = { css: '', script: '/landing/report-ABC123.js', icon: '/icon.svg?v=1' };
const render = (r: ReportModel, agentView = false) => renderReportPage(r, { nonce: 'bm9uY2U=', assets }, { agentView });
const with_ = (patch: Partial<ReportModel>): ReportModel => ({ ...report, ...patch });
const config = (doc: string): ReportClientConfig =>
  JSON.parse(new RegExp(`<script type="application/json" id="${REPORT_CONFIG_ID}">(.*?)</script>`, 's').exec(doc)![1]!);
const head = (doc: string) => doc.slice(0, doc.indexOf('</head>'));
const text = (doc: string) =>
  doc
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');
const failed = (patch: Partial<ReportModel>) => with_({ status: 'failed', subject: null, valuation: null, market: null, ...patch });

describe('a report that could not be made', () => {
  it('explains an address that could not be located in plain words, with the personal valuation that follows', () => {
    const doc = render(failed({ failureCode: 'address_not_found', needsPersonalValuation: true, failureReason: 'We could not find this address…' }));
    expect(doc).toContain('<h1>Dana Whitfield will prepare a personal valuation</h1>');
    expect(text(doc)).toContain(
      'We couldn’t find 4127 Wallingford Ave N, Seattle, WA 98103 in the local sales records, so we can’t compute an instant estimate. Nothing is lost: Dana Whitfield has your request and will prepare a personal valuation for you.',
    );
    expect(text(doc)).not.toMatch(/something went wrong/i);
    // the agent's Text and Email links already name the home
    expect(doc).toContain('href="sms:+12065550147?&amp;body=Hi%20Dana%2C%20I%20just%20saw%20the%20home%20value%20report%20for%204127%20Wallingford');
  });

  it('explains an MLS that could not be reached, and keeps "something went wrong" for the unknown only', () => {
    const mls = render(failed({ failureCode: 'mls_unavailable' }));
    expect(text(mls)).toContain('The home sales records we use could not be reached while we prepared the report for 4127 Wallingford Ave N');
    expect(text(mls)).not.toMatch(/something went wrong/i);
    expect(text(render(failed({ failureCode: null })))).toContain('Something went wrong while we prepared the report');
  });
});

describe('the next step beside the estimate', () => {
  const doc = render(report);

  it('comes right after the estimate, names the agent and prefills Text and Email with the address', () => {
    const estimate = doc.indexOf('data-section="estimate"');
    const next = doc.indexOf('data-section="next_step"');
    expect(next).toBeGreaterThan(estimate);
    expect(next).toBeLessThan(doc.indexOf('data-section="map"'));
    expect(doc).toContain('<h2 id="next-h">Get an exact price from Dana Whitfield</h2>');
    // shown by the script (it records the request); hidden without it
    expect(doc).toContain('<button type="button" class="btn" data-cma-request hidden>Get an exact price from Dana</button>');
    const body = encodeURIComponent(
      'Hi Dana, I just saw the home value report for 4127 Wallingford Ave N, Seattle, WA 98103. Could you give me an exact price?',
    );
    expect(doc).toContain(`href="sms:+12065550147?&amp;body=${body}" data-track="contact_tap" data-channel="text">Text Dana</a>`);
    expect(doc).toContain(
      `href="mailto:dana@northlight.example?subject=${encodeURIComponent('Home value: 4127 Wallingford Ave N, Seattle, WA 98103')}&amp;body=${body}"`,
    );
  });
});

describe('views by the agent', () => {
  it('records nothing when the agent opens the report from the workspace (?via=agent)', () => {
    expect(config(render(report)).track).toBe(true);
    expect(config(render(report, true)).track).toBe(false);
    expect(agentReportLink('http://localhost:3000/r/abc')).toBe('http://localhost:3000/r/abc?via=agent');
  });
});

describe('the link preview (Open Graph)', () => {
  it('shows the agent’s branding and a generic title, never the address, the value or a phone; noindex stays', () => {
    const doc = head(render(with_({ agent: { ...report.agent, logoUrl: 'https://cdn.example.com/logo.png' } })));
    expect(doc).toContain('<meta property="og:title" content="Your home value report">');
    expect(doc).toContain('<meta property="og:description" content="Prepared by Dana Whitfield, Northlight Realty.">');
    expect(doc).toContain('<meta property="og:site_name" content="Northlight Realty">');
    expect(doc).toContain('<meta property="og:image" content="https://cdn.example.com/logo.png">');
    expect(doc).toContain('<meta name="robots" content="noindex, nofollow, nocache">');
    expect(doc).not.toMatch(/Wallingford|4127|1,042|042,000|555|\$/);
    // a relative image (bundled demo asset) is left out: crawlers need an absolute URL
    expect(head(render(report))).not.toContain('og:image');
  });
});

describe('compliance', () => {
  it('shows the licence numbers and the Equal Housing Opportunity statement in the footer, and leaves out what is not set', () => {
    expect(render(report)).toContain(
      '<p class="compliance">Dana Whitfield, License #21004567 · Northlight Realty, License #9087 · Equal Housing Opportunity</p>',
    );
    const bare = render(
      with_({ agent: { ...report.agent, licenseNumber: null, brokerageLicenseNumber: null, brokerage: null, equalHousingOpportunity: false } }),
    );
    expect(bare).toContain('<p class="compliance">Dana Whitfield</p>');
  });
});
