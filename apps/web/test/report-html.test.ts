import { describe, expect, it } from 'vitest';
import type { ReportModel } from '@opencma/core';
import type { PageAssets } from '../lib/page/document';
import { emailWithBreak } from '../lib/report/agent-card';
import { niceMax } from '@opencma/view';
import { barChart } from '../lib/report/bar-chart';
import { REPORT_CONFIG_ID, type ReportClientConfig } from '../lib/report/client-config';
import { markerPercent } from '../lib/report/estimate';
import { renderReportPage } from '../lib/report/report-page';
import { STEPS, stepStates, statusMessage } from '../lib/report/status-steps';
import { UPDATES_CHECK_FORM, UPDATES_SMS_OPTED_OUT } from '../lib/report/updates-submit';
import { sampleReport as report } from '../../../tests/helpers/sample-report';

const assets: PageAssets = { css: '.report-head{color:red}', script: '/landing/report-ABC123.js', icon: '/icon.svg?v=1' };
const render = (r: ReportModel, nonce: string | null = 'bm9uY2U=') => renderReportPage(r, { nonce, assets });
const with_ = (patch: Partial<ReportModel>): ReportModel => ({ ...report, ...patch });

/** The document without the JSON config block and the inlined CSS: what the browser parses as markup. */
const markup = (doc: string) => doc.replace(/<script type="application\/json"[^>]*>.*?<\/script>/s, '').replace(/<style[^>]*>.*?<\/style>/s, '');
const config = (doc: string): ReportClientConfig =>
  JSON.parse(new RegExp(`<script type="application/json" id="${REPORT_CONFIG_ID}">(.*?)</script>`, 's').exec(doc)![1]!);
const sections = (doc: string) => [...doc.matchAll(/data-section="([a-z]+)"/g)].map((m) => m[1]);
const text = (doc: string) =>
  markup(doc)
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');

describe('the report document', () => {
  const doc = render(report);

  it('has the head the layout gives React pages, private: noindex, no referrer to other sites, the nonce on the style and the one module script', () => {
    expect(
      doc.startsWith(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Your home value report</title>',
      ),
    ).toBe(true);
    expect(doc).toContain(
      '<meta name="referrer" content="same-origin"><meta name="robots" content="noindex, nofollow, nocache"><meta name="googlebot" content="noindex, nofollow">',
    );
    expect(doc).toContain('<link rel="icon" href="/icon.svg?v=1" sizes="any" type="image/svg+xml">');
    expect(doc).toContain(
      '<style nonce="bm9uY2U=">.report-head{color:red}:root{--brand:#0f5c4d;--brand-ink:#ffffff;--accent:#0f5c4d}.pct-at-50{left:50%}.pct-w-21{width:21%}.pct-w-61{width:61%}.pct-w-100{width:100%}.pct-w-70{width:70%}.pct-w-38{width:38%}.pct-w-11{width:11%}</style><script type="module" src="/landing/report-ABC123.js" nonce="bm9uY2U="></script></head>',
    );
    expect(render(report, null)).not.toContain('nonce=');
    expect(markup(doc).match(/<script/g)).toHaveLength(1);
  });

  it('preloads the logo and the agent photo, validated', () => {
    const logo = render(with_({ agent: { ...report.agent, logoUrl: 'https://cdn.example.com/logo.png' } }));
    expect(logo).toContain('<link rel="preload" as="image" href="https://cdn.example.com/logo.png">');
    const photo = render(with_({ agent: { ...report.agent, photoUrl: 'https://cdn.example.com/dana.jpg', logoUrl: 'javascript:alert(1)' } }));
    expect(photo).toContain('<link rel="preload" as="image" href="https://cdn.example.com/dana.jpg">');
    expect(photo).toContain('<img class="avatar" src="https://cdn.example.com/dana.jpg" alt="" width="72" height="72" decoding="async">');
    expect(photo).toContain('<span class="brand-name">Northlight Realty</span>');
    expect(photo).not.toContain('javascript:');
  });

  it('shows every section in the PDF’s order, with the share box after the agent', () => {
    expect(sections(doc)).toEqual(['property', 'estimate', 'equity', 'map', 'comps', 'market', 'agent', 'share', 'updates', 'disclaimer']);
  });

  it('offers value updates by e-mail with its own unticked consent box and the server-rendered disclosure (decision 0028)', () => {
    // posted to the page itself (app/r/[id]/route.ts), which answers errors as this page, never as JSON
    expect(doc).toContain(`<form class="updates-form" method="post" action="/r/${report.id}#updates">`);
    expect(doc).toContain('<input type="checkbox" name="consent" required>');
    expect(doc).not.toMatch(/name="consent"[^>]*checked/);
    expect(doc).toContain('may e-mail me an updated estimate of my home');
    expect(doc).toContain('<input type="hidden" name="consent_version" value="1">');
    const back = renderReportPage(report, { nonce: 'bm9uY2U=', assets }, { subscribed: true });
    expect(back).toContain('You’re subscribed.');
    expect(back).not.toContain('class="updates-form"');
  });

  it('offers value updates by text to the masked number, in a form of its own with its own unticked consent box (decision 0034)', () => {
    expect(doc).not.toContain('updates-texts'); // no number known: no text option
    const texts = render(with_({ maskedPhone: '(206) •••-••34' }));
    const form = /<form class="updates-form updates-texts"[\s\S]*?<\/form>/.exec(texts)?.[0] ?? '';
    expect(form).toContain(`action="/r/${report.id}#updates"`);
    expect(form).toContain('Or by text to (206) •••-••34');
    expect(form).toContain('<input type="hidden" name="channel" value="sms">');
    expect(form).toContain('<input type="checkbox" name="sms_consent" required>');
    expect(form).not.toMatch(/name="sms_consent"[^>]*checked/);
    expect(form).toContain('recurring automated marketing text messages');
    expect(form).toContain('Reply HELP for help, STOP to cancel.');
    expect(form).toContain('<input type="hidden" name="sms_consent_version" value="1">');
  });

  it('after a refused e-mail form: the typed values, each error beside its field, the owed fields open, the consent box unticked', () => {
    const again = renderReportPage(
      report,
      { nonce: 'bm9uY2U=', assets },
      {
        updates: {
          channel: 'email',
          values: { email: 'pat@example.com', frequency: 'quarterly', owed: 'a lot', rate: '6.5' },
          errors: { owed: 'Enter what you owe in dollars, e.g. 250,000', consent: 'Please tick the box to agree to the e-mails' },
        },
      },
    );
    const form = /<form class="updates-form" [\s\S]*?<\/form>/.exec(again)![0];
    expect(form).toContain(`<p class="notice" role="alert">${UPDATES_CHECK_FORM}</p>`);
    expect(form).toContain('name="email" type="email" autocomplete="email" required maxlength="254" value="pat@example.com">');
    expect(form).toContain('<input type="radio" name="frequency" value="quarterly" checked>');
    expect(form).not.toContain('value="monthly" checked');
    expect(form).toContain('<details class="updates-owed" open>');
    expect(form).toContain(
      '<input class="input" id="updates-owed" name="owed" autocomplete="off" maxlength="16" inputmode="decimal" value="a lot" aria-invalid="true" aria-describedby="updates-owed-error"><p class="field-error" id="updates-owed-error">Enter what you owe in dollars, e.g. 250,000</p>',
    );
    expect(form).toContain('name="rate" autocomplete="off" maxlength="16" inputmode="decimal" value="6.5">');
    expect(form).toContain('<input type="checkbox" name="consent" required aria-invalid="true" aria-describedby="updates-consent-error">');
    expect(form).toContain('<p class="field-error" id="updates-consent-error">Please tick the box to agree to the e-mails</p>');
    expect(form).not.toMatch(/name="consent"[^>]*checked/);
    // a typed value is escaped like every text
    const escaped = renderReportPage(
      report,
      { nonce: null, assets },
      { updates: { channel: 'email', values: { email: '"><script>' }, errors: { email: 'x' } } },
    );
    expect(escaped).toContain('value="&quot;&gt;&lt;script&gt;"');
    // the page as first shown: no alert, the owed fields closed, no value
    const first = /<form class="updates-form" [\s\S]*?<\/form>/.exec(doc)![0];
    expect(first).not.toContain('role="alert"');
    expect(first).toContain('<details class="updates-owed">');
    expect(first).not.toContain(' value="pat');
  });

  it('after a number that replied STOP: the text form says so and how to turn texts on again; the e-mail form is untouched', () => {
    const again = renderReportPage(
      with_({ maskedPhone: '(206) •••-••34' }),
      { nonce: 'bm9uY2U=', assets },
      {
        updates: { channel: 'sms', values: { frequency: 'quarterly' }, errors: { form: UPDATES_SMS_OPTED_OUT } },
      },
    );
    const texts = /<form class="updates-form updates-texts"[\s\S]*?<\/form>/.exec(again)![0];
    expect(texts).toContain('<p class="notice" role="alert">This number replied STOP to our texts');
    expect(texts).toContain('reply START');
    expect(texts).toContain('<input type="radio" name="frequency" value="quarterly" checked>');
    expect(texts).not.toMatch(/name="sms_consent"[^>]*checked/);
    const email = /<form class="updates-form" [\s\S]*?<\/form>/.exec(again)![0];
    expect(email).not.toContain('role="alert"');
    expect(email).toContain('<input type="radio" name="frequency" value="monthly" checked>');
  });

  it('tells the script the report id, its status, whether the PDF is pending and the share title', () => {
    expect(config(doc)).toEqual({
      reportId: report.id,
      status: 'completed',
      pdfPending: false,
      shareTitle: 'Home value report — 4127 Wallingford Ave N',
      track: true,
      equity: { estimate: { value: 1_042_000, low: 967_000, high: 1_117_000 }, commissionPct: 5.5, closingCostPct: 1.5 },
    });
    expect(config(render(with_({ pdf: { status: 'pending', url: null } }))).pdfPending).toBe(true);
  });

  it("puts only validated brand colours and digit-only lengths into the nonce'd <style>, and no style attribute anywhere", () => {
    expect(doc).toContain('.report-head{color:red}:root{--brand:#0f5c4d;--brand-ink:#ffffff;--accent:#0f5c4d}.pct-at-50{left:50%}');
    expect(doc).toContain('<body><div><header class="topbar">');
    expect(doc).not.toMatch(/ style=/);
    const evil = render(with_({ agent: { ...report.agent, primaryColor: 'red;background:url(x)', secondaryColor: '"><script>' } }));
    expect(evil).toContain(':root{--brand:#1d4ed8;--brand-ink:#ffffff;--accent:#1d4ed8}');
    for (const status of ['pending', 'failed'] as const) expect(render(with_({ status }))).not.toMatch(/ style=/);
  });

  it('renders report texts as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>"\'';
    const doc = render(
      with_({
        propertyAddress: evil,
        subject: { ...report.subject!, address: evil },
        agent: { ...report.agent, name: evil, brokerage: evil, email: evil },
        disclaimer: `</footer><script>alert(1)</script>`,
        valuation: {
          ...report.valuation!,
          flagged: true,
          flagReason: evil,
          searchStep: evil,
          comps: report.valuation!.comps.map((c) => ({ ...c, sale: { ...c.sale, address: evil, city: evil } })),
        },
      }),
    );
    const m = markup(doc);
    expect(m).not.toMatch(/<img src=x|<script>alert/);
    expect(m.match(/<script/g)).toHaveLength(1);
    expect(m).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;&quot;&#39;</h1>');
    expect(m).toContain('aria-label="Call &lt;img src=x onerror=alert(1)&gt;&quot;&#39;"');
    // the share title goes to the script as JSON that cannot close its element
    expect(config(doc).shareTitle).toBe(`Home value report — ${evil}`);
  });

  it('never shows a phone number other than the agent’s', () => {
    expect(text(doc).match(/\(\d{3}\) \d{3}-\d{4}/g)).toEqual(['(206) 555-0147']);
  });
});

describe('a completed report', () => {
  const doc = render(report);
  const t = text(doc);

  it('heads the page with the address, the agent and the date, and the home’s facts with the corrected ones marked', () => {
    expect(doc).toContain('<h1>4127 Wallingford Ave N</h1><p class="muted small m-0">Prepared by Dana Whitfield on Mar 14, 2025</p>');
    expect(doc).toContain(
      '<ul class="facts" aria-label="Property details"><li>3 beds</li><li>1.75 baths</li><li class="fact-corrected">1,940 sq ft<span class="fact-mark"><span aria-hidden="true">*</span><span class="sr-only"> (as you told us)</span></span></li><li>4,000 sq ft lot</li><li>Built 1925</li><li>1 floor</li></ul>',
    );
    expect(t).toContain('* As you told us; it differs from, or was missing in, the public record.');
    const none = render(
      with_({
        subject: {
          ...report.subject!,
          consumerProvided: [],
          bedrooms: null,
          bathrooms: null,
          sqftLiving: null,
          sqftLot: null,
          yearBuilt: null,
          floors: null,
        },
      }),
    );
    expect(none).toContain('<p class="muted small">We found no recorded details for this home.</p>');
    expect(none).not.toContain('As you told us');
  });

  it('shows the estimate, its range with the marker in place, the coverage and what the confidence means', () => {
    expect(doc).toContain('<p class="estimate-value" data-testid="estimate-value">$1,042,000</p>');
    expect(t).toContain('Estimated market value as of Mar 14, 2025');
    expect(doc).toContain('<p>Likely range <strong>$967,000 – $1,117,000</strong></p>');
    expect(doc).toContain('<span class="marker pct-at-50"></span>');
    expect(t).toContain('We expect about 8 in 10 homes like this to sell between $967,000 and $1,117,000.');
    expect(doc).toContain('<span class="badge badge-medium">Medium confidence</span> <span>There are good comparable sales');
    expect(t).toContain('Based on 8 recent sales of similar homes within 0.6 mi of yours, sold Jul 2024 – Feb 2025.');
    expect(t).toContain('Comparable sales suggest $1,039,000; the market model suggests $1,050,000; the estimate weighs them 72% / 28%.');
    // No market movement: the sentence and the table's note say nothing of it.
    expect(t).not.toContain('Recent sales sold');
    expect(t).toContain('the estimate is their weighted average.');
    // With a market drift the page says why the estimate is not the plain weighted average of the parts.
    const moved = text(render(with_({ valuation: { ...report.valuation!, blend: { ...report.valuation!.blend!, marketDrift: 0.0101 } } })));
    expect(moved).toContain(
      'the estimate weighs them 72% / 28%. Recent sales sold about 1% above what both suggested for them, so the estimate is moved up 1%.',
    );
    expect(moved).toContain('the estimate is their weighted average, moved up 1% for recent market movement.');
    const down = text(render(with_({ valuation: { ...report.valuation!, blend: { ...report.valuation!.blend!, marketDrift: -0.0134 } } })));
    expect(down).toContain('Recent sales sold about 1.3% below what both suggested for them, so the estimate is moved down 1.3%.');
    const lower = render(
      with_({ valuation: { ...report.valuation!, estimate: { value: 1_000_000, low: 950_000, high: 1_150_000, coverage: 0.8 } } }),
    );
    expect(lower).toContain('<span class="marker pct-at-25"></span>');
    expect(lower).toContain('.pct-at-25{left:25%}');
    expect(markerPercent({ value: 5, low: 5, high: 5 })).toBe(50);
    expect(markerPercent({ value: 200, low: 0, high: 100 })).toBe(100);
    const flagged = render(with_({ valuation: { ...report.valuation!, flagged: true, flagReason: 'Few sales nearby.' } }));
    expect(flagged).toContain('<p class="notice">Few sales nearby.</p>');
  });

  it('says plainly when there is no estimate, why, and offers the agent’s direct contact', () => {
    const doc = render(
      with_({ valuation: { ...report.valuation!, estimate: null, confidence: null, flagged: true, flagReason: 'Waterfront homes vary too much.' } }),
    );
    expect(doc).not.toContain('estimate-value');
    expect(doc).toContain(
      '<div class="notice"><p><strong>We couldn’t calculate a reliable estimate for this home.</strong></p><p>Waterfront homes vary too much.</p>',
    );
    expect(text(doc)).toContain('Dana Whitfield has your request and will follow up with a personal valuation.');
    expect(doc).toContain(
      '<a class="btn" href="tel:+12065550147" data-track="contact_tap" data-channel="call" aria-label="Call Dana Whitfield">Call Dana</a>',
    );
    expect(doc).toContain('>Email Dana</a></div></div>');
    // still every section, in order
    expect(sections(doc)).toEqual(['property', 'estimate', 'map', 'comps', 'market', 'agent', 'share', 'updates', 'disclaimer']);
  });

  it('maps the comps with numbered pins, in the order of the list', () => {
    expect(doc).toContain('<title id="map-t">Map of your home and 8 comparable sales within');
    expect(doc.match(/<g class="pin">/g)).toHaveLength(8);
    expect(render(with_({ subject: null }))).not.toContain('data-section="map"');
    expect(render(with_({ valuation: { ...report.valuation!, comps: [] } }))).not.toContain('data-section="map"');
  });

  it('lists the comps heaviest first with their facts, adjusted price, weight and each adjustment', () => {
    const comps = [...doc.matchAll(/<li class="card comp" data-testid="comp">(.*?)<\/li>(?=<li class="card comp"|<\/ol>)/gs)].map((m) => m[1]!);
    expect(comps).toHaveLength(8);
    expect(comps.map((c) => /<h3>(.*?)<\/h3>/.exec(c)![1])).toEqual([
      '4219 Woodlawn Ave N',
      '3818 Interlake Ave N',
      '3 bd home 0.2 mi N, sold Dec 2024',
      '4510 Densmore Ave N',
      '2307 N 40th St',
      '1617 N 46th St',
      '4047 Burke Ave N',
      '2 bd home 0.6 mi S, sold Jul 2024',
    ]);
    // shares of the whole estimate: the comps' part is 72% × 70% of it (the price models carry the rest)
    expect(comps.map((c) => /Share of the estimate<\/dt><dd>(\d+%)/.exec(c)![1])).toEqual(['10%', '8%', '7%', '7%', '6%', '5%', '4%', '3%']);
    expect(t.match(/does not publish the street address/g)).toHaveLength(1);
    expect(t).toContain('The MLS does not publish the street address of 2 of these 8 sales: sellers may ask it to keep their address private.');
    const [heavy, , withheld, , , , light] = comps as [string, string, string, string, string, string, string];
    expect(heavy).toContain('<img class="comp-photo" src="https://photos.example.com/1.jpg" alt="Photo of 4219 Woodlawn Ave N" loading="lazy">');
    expect(heavy).toContain('<p class="muted small m-0">Seattle 98103 · 0.1 mi away · Sold Feb 6, 2025</p>');
    expect(heavy).toContain('<summary>Adjustments (2)</summary>');
    expect(heavy).toContain(
      '<strong class="adj-factor">Market change</strong><span class="muted"> — Adjusted up because local prices rose between this sale (Feb 2025) and the date of the estimate.</span></span><strong>+$6,100</strong>',
    );
    expect(heavy).toContain('<strong>+$12,400</strong>');
    expect(comps[1]).toContain('<strong>−$22,900</strong>');
    expect(heavy).toContain('<li class="adj-total"><span>Sale price $1,015,000 → adjusted</span><strong>$1,033,500</strong></li>');
    expect(text(heavy)).toContain('Price / sq ft$540Beds / baths');
    expect(withheld).not.toContain('<img'); // javascript: photo URL dropped
    expect(withheld).toContain('<p class="muted small m-0">0.2 mi away · Sold Dec 3, 2024</p>');
    expect(text(comps[1]!)).toContain('Adjusted down because this home has one more bedroom than yours (4 vs 3).');
    // a sign that surprises is explained
    expect(text(comps[7]!)).toContain(
      'Adjusted down because this home has one fewer bedroom than yours (2 vs 3). Around here, at the same living area, more bedrooms mean smaller rooms',
    );
    expect(light).toContain('No adjustments: this sale is already very like your home.');
    const none = render(with_({ valuation: { ...report.valuation!, comps: [] } }));
    expect(none).toContain('<p class="card">We didn’t find recent sales of similar homes close enough to compare.</p>');
  });

  it('shows the market: key figures, the trend and sales charts, the price bands', () => {
    expect(t).toContain('Sales within 1 mile of your home, 12 months through Mar 14, 2025');
    expect(t).toContain(
      'Prices per square foot within 1 mile of your home rose 2.1% over the past year; homes sold in a median of 8 days on the market, at 102% of their asking price. Your estimate is near the area’s median sale price of $962K because your home is close to the typical size of homes sold here.',
    );
    expect(doc).toContain('<dt>Sale-to-list price</dt><dd>102%</dd>');
    // the partial month is marked and not charted (no "2 sold" bar for half a March)
    expect(t).toContain('* Mar 2025 is partial: sales through Mar 14, 2025, so it is not charted.');
    expect(doc).toContain('<span>Mar*</span>');
    expect(doc).toContain('<span class="has-year">Apr<span class="year">2024</span></span>');
    expect(doc).toContain('<span class="has-year">Jan<span class="year">2025</span></span>');
    expect(doc).toContain('<desc id="volume-d">11 months, from 36 in Apr 2024 to 21 in Feb 2025.</desc>');
    expect(doc).toContain(
      '<div class="stat"><dt>Median sale price</dt><dd>$962K</dd></div><div class="stat"><dt>Median price / sq ft</dt><dd>$536</dd></div><div class="stat"><dt>$/sq ft, past year</dt><dd>+2.1%</dd></div>',
    );
    expect(doc).toContain('<dt>Median days on market</dt><dd>8</dd>');
    expect(doc).not.toContain('Active listings');
    expect(doc).toContain('<h3>Median price per square foot by month</h3>');
    expect(doc).toContain('<desc id="trend-d">11 months, from $541 in Apr 2024 to $546 in Feb 2025.</desc>');
    expect(doc).toContain('<h3>Homes sold by month</h3></figcaption><div class="chart chart-muted">');
    expect(doc).toContain(
      '<th scope="row">$900K – $1.05M</th><td><span class="dist-bar pct-w-100" aria-hidden="true"></span><span class="dist-n">231</span></td>',
    );
    const noPpsf = render(with_({ market: { ...report.market!, monthly: report.market!.monthly.map((m) => ({ ...m, medianPricePerSqft: null })) } }));
    expect(noPpsf).toContain('<h3>Median sale price by month</h3>');
    expect(render(with_({ market: null }))).not.toContain('data-section="market"');
  });

  it('shows the agent’s card with their own number and links only', () => {
    expect(doc).toContain('<span class="avatar avatar-fallback" aria-hidden="true">DW</span>');
    expect(doc).toContain(
      '<div class="agent-text"><strong>Dana Whitfield</strong><div class="muted small">Northlight Realty</div><div class="small">(206) 555-0147</div><div class="small">dana<wbr>@northlight.example</div></div>',
    );
    expect(doc).toContain(
      '<a class="btn" href="sms:+12065550147?&amp;body=Hi%20Dana%2C%20I%20just%20saw%20the%20home%20value%20report%20for%204127%20Wallingford%20Ave%20N%2C%20Seattle%2C%20WA%2098103.%20Could%20you%20give%20me%20an%20exact%20price%3F" aria-label="Text Dana Whitfield" data-track="contact_tap" data-channel="text">Text</a>',
    );
    const noContact = render(with_({ agent: { ...report.agent, phone: null, email: 'not an email' } }));
    expect(noContact).not.toMatch(/class="contact"|not an email/);
  });

  it('offers the PDF when it is ready, says so while it is made, and when it cannot be had', () => {
    expect(doc).toContain(
      '<div class="pdf-row"><a class="btn" href="/v1/consumer-reports/k3Jf9QmZ2xV7pLr4TnB8wYc1/pdf" download="home-value-report.pdf" data-track="pdf_download">Download PDF</a></div>',
    );
    expect(doc).toContain(
      '<div class="share"><button type="button" class="btn btn-outline" data-testid="share">Share report</button><p role="status" aria-live="polite" class="small m-0"></p></div>',
    );
    expect(render(with_({ pdf: { status: 'pending', url: null } }))).toContain(
      '<div class="pdf-row"><p role="status" class="m-0">PDF is being prepared…</p></div>',
    );
    for (const pdf of [
      { status: 'failed', url: null },
      { status: 'ready', url: 'javascript:alert(1)' },
    ] as const) {
      const d = render(with_({ pdf }));
      expect(d).toContain('data-testid="pdf-unavailable">The PDF isn’t available for this report.');
      expect(d).not.toContain('Download PDF');
    }
  });

  it('ends with the disclaimer and the as-of date', () => {
    expect(doc).toContain(
      `<footer class="footer" data-section="disclaimer"><p>${report.disclaimer}</p><p>Sales data as of Mar 12, 2025.</p><p class="compliance">Dana Whitfield, License #21004567 · Northlight Realty, License #9087 · Equal Housing Opportunity</p></footer></main></div>`,
    );
  });
});

describe('a report that failed', () => {
  const doc = render(with_({ status: 'failed', subject: null, valuation: null, market: null, failureReason: 'The MLS did not answer.' }));

  it('says so without internals, shows the agent and the disclaimer', () => {
    expect(doc).toContain('<h1>We couldn’t produce your report</h1>');
    expect(text(doc)).toContain(
      'Something went wrong while we prepared the report for 4127 Wallingford Ave N, Seattle, WA 98103. Nothing is lost: Dana Whitfield has your request',
    );
    expect(doc).not.toContain('The MLS did not answer');
    expect(sections(doc)).toEqual(['agent', 'disclaimer']);
    expect(doc).not.toContain('Questions about your home');
    expect(config(doc).status).toBe('failed');
  });

  it('does not keep reloading once finished, failed or completed', () => {
    expect(doc).not.toContain('http-equiv="refresh"');
    expect(render(with_({}))).not.toContain('http-equiv="refresh"');
  });
});

describe('a report still being made', () => {
  for (const status of ['pending', 'processing'] as const) {
    it(`shows the status view while ${status}, without sections or disclaimer`, () => {
      const doc = render(with_({ status }));
      expect(doc).toContain(
        '<div class="narrow narrow-status"><div class="card" aria-labelledby="status-title"><h1 id="status-title">Your home value report is on its way</h1>',
      );
      expect(doc).toContain('<p role="status" aria-live="polite" class="muted">Preparing your report… This usually takes a few seconds.</p>');
      expect(doc).toContain(
        '<ol class="steps"><li class="step-done"><span class="step-dot" aria-hidden="true">✓</span><span>Request received<span class="sr-only"> (done)</span></span></li><li class="step-active"><span class="step-dot" aria-hidden="true"></span><span>Finding your home and recent nearby sales<span class="sr-only"> (in progress)</span></span></li><li class="step-todo">',
      );
      expect(sections(doc)).toEqual([]);
      expect(config(doc)).toMatchObject({ status, pdfPending: false });
      expect(doc).not.toContain('rel="preload" as="image" href="https://cdn.example.com/dana');
    });
    it(`reloads itself every 5 s without JavaScript while ${status}`, () => {
      expect(render(with_({ status }))).toContain('<noscript><meta http-equiv="refresh" content="5"></noscript></head>');
    });
  }

  it('advances the steps with the status, and through "processing" with time', () => {
    expect(stepStates('pending', 30)).toEqual(['done', 'active', 'todo', 'todo']);
    expect(stepStates('processing', 0)).toEqual(['done', 'active', 'todo', 'todo']);
    expect(stepStates('processing', 1.3)).toEqual(['done', 'done', 'active', 'todo']);
    expect(stepStates('processing', 99)).toEqual(['done', 'done', 'done', 'active']);
    expect(stepStates('completed', 0)).toEqual(STEPS.map(() => 'done'));
  });

  it('says when it takes longer than usual, and when it is ready', () => {
    expect(statusMessage('processing', 20)).toMatch(/^Preparing your report/);
    expect(statusMessage('processing', 21)).toMatch(/^This is taking longer than usual\. You can leave this page/);
    expect(statusMessage('failed', 5)).toBe('Your report is ready. Loading…');
  });
});

describe('agent e-mail', () => {
  it('may wrap before the @, and stays escaped', () => {
    expect(emailWithBreak('jordan.avery@example.com').value).toBe('jordan.avery<wbr>@example.com');
    expect(emailWithBreak('<b>@x.com').value).toBe('&lt;b&gt;<wbr>@x.com');
    expect(emailWithBreak('no-at-sign').value).toBe('no-at-sign');
  });
});

describe('bar chart', () => {
  it('rounds the axis up to a readable maximum', () => {
    expect([0, 1, 7, 11, 13, 450, 531, 999].map(niceMax)).toEqual([1, 1, 8, 12, 15, 500, 600, 1000]);
  });

  it('draws nothing without a known value, and skips months without one', () => {
    const bars = [
      { label: 'Jan', longLabel: 'Jan 2025', value: 50 },
      { label: 'Feb', longLabel: 'Feb 2025', value: null },
      { label: 'Mar', longLabel: 'Mar 2025', value: 100 },
    ];
    expect(barChart({ id: 'x', title: 'X', bars: bars.map((b) => ({ ...b, value: null })), format: String })).toBeNull();
    const svg = barChart({ id: 'x', title: 'X', bars, format: String })!.value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('<rect class="bar" x="21.6" width="6.8" y="0" height="100"><title>Mar 2025: 100</title></rect>');
    expect(svg).toContain('aria-labelledby="x-t x-d"');
  });
});
