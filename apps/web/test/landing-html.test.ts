import { describe, expect, it } from 'vitest';
import type { LandingPage } from '../lib/api';
import { consentDisclosure, CURRENT_CONSENT_VERSION } from '@opencma/core';
import { escapeHtml } from '@opencma/view';
import { CLIENT_CONFIG_ID } from '../lib/landing/client-config';
import type { PageAssets } from '../lib/page/document';
import { renderLandingPage } from '../lib/landing/landing-page';
import { renderNotFoundPage, renderUnavailablePage } from '../lib/landing/status-pages';
import { phoneMetadataFor } from '../lib/phone-metadata';
import { CONSENT_PROBLEM, type FormErrors, type LeadFormValues } from '../lib/lead-submit';

const assets: PageAssets = { css: '.hero{color:red}', script: '/landing/landing-ABC123.js', icon: '/icon.svg?v=1' };
const form = { allowedCountries: ['US', 'CA'], phoneMetadata: phoneMetadataFor(['US', 'CA']), turnstileSiteKey: null };

function page(overrides: Partial<LandingPage['agent']> = {}, account: Partial<LandingPage['account']> = {}): LandingPage {
  return {
    agent: {
      name: 'Riley <img src=x onerror=alert(1)>',
      photoUrl: 'javascript:alert(1)',
      agentCode: 'k7m2xqp',
      headline: '<script>window.__pwned = true</script>Sell smarter',
      subheadline: 'Free valuation from Riley & team',
      ctaText: 'Show me my value',
      phone: '+12065550142',
      email: 'riley@example.com',
      ...overrides,
    },
    account: {
      name: 'Harbor & <b>Co</b>',
      logoUrl: 'https://cdn.example.com/logo.png',
      primaryColor: '#7c2d12',
      secondaryColor: 'red;}</style><script>alert(1)</script>',
      brandingEnabled: true,
      ...account,
    },
    compliance: { licenseNumber: '21004567', brokerageLicenseNumber: '<b>9087</b>', equalHousingOpportunity: true },
  };
}

/** The document without the JSON config block and the inlined CSS: what the browser parses as markup. */
const markup = (doc: string) => doc.replace(/<script type="application\/json"[^>]*>.*?<\/script>/s, '').replace(/<style[^>]*>.*?<\/style>/s, '');

describe('the landing page document', () => {
  const doc = renderLandingPage(page(), form, { nonce: 'bm9uY2U=', assets });

  it('shows the licence numbers and the Equal Housing Opportunity statement in the footer (escaped)', () => {
    expect(doc).toContain(
      '<p class="compliance">Riley &lt;img src=x onerror=alert(1)&gt;, License #21004567 · Harbor &amp; &lt;b&gt;Co&lt;/b&gt;, License #&lt;b&gt;9087&lt;/b&gt; · Equal Housing Opportunity</p>',
    );
  });

  it('has, hidden until the script needs it, what it says when the address cannot be located', () => {
    expect(doc).toContain(
      '<div class="address-notice" id="address-notice" hidden><p><strong>We can’t find this address in our records</strong>, so an instant estimate isn’t possible.',
    );
    expect(doc).toContain('or send it as it is and Riley &lt;img src=x onerror=alert(1)&gt; will prepare a personal valuation for you.');
  });

  it('renders agent and account texts as text, never as markup', () => {
    expect(doc).toContain('<h1 id="headline">&lt;script&gt;window.__pwned = true&lt;/script&gt;Sell smarter</h1>');
    expect(doc).toContain('<strong>Riley &lt;img src=x onerror=alert(1)&gt;</strong>Harbor &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(doc).toContain('<p class="sub">Free valuation from Riley &amp; team</p>');
    expect(doc).toContain('<button type="submit" class="btn">Show me my value</button>');
    expect(doc).toContain(
      '<span>I agree that Riley &lt;img src=x onerror=alert(1)&gt; of Harbor &amp; &lt;b&gt;Co&lt;/b&gt; may contact me by call or text, including automated texts, at this number about my home&#39;s value.',
    );
    expect(doc).toContain('<title>&lt;script&gt;window.__pwned = true&lt;/script&gt;Sell smarter | Riley &lt;img src=x onerror=alert(1)&gt;</title>');
    // the only elements that run or style anything are ours
    const m = markup(doc);
    expect(m.match(/<script/g)).toHaveLength(1);
    expect(m).not.toMatch(/<img[^>]*src="x"|<b>|javascript:/);
  });

  it('has the head the layout gives React pages, with the nonce on the style and the one module script', () => {
    expect(
      doc.startsWith(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
      ),
    ).toBe(true);
    expect(doc).toContain('<meta name="description" content="Free valuation from Riley &amp; team">');
    expect(doc).toContain(
      '<meta name="theme-color" content="#ffffff"><meta name="format-detection" content="telephone=no"><link rel="icon" href="/icon.svg?v=1" sizes="any" type="image/svg+xml">',
    );
    expect(doc).toContain('<style nonce="bm9uY2U=">.hero{color:red}:root{--brand:#7c2d12;--brand-ink:#ffffff;--accent:#7c2d12}</style>');
    expect(doc).toContain('<script type="module" src="/landing/landing-ABC123.js" nonce="bm9uY2U="></script>');
    expect(doc).not.toContain(' style=');
  });

  it('shows validated branding only: logo over https, no unsafe photo URL, invalid colours dropped', () => {
    expect(doc).toContain('<link rel="preload" as="image" href="https://cdn.example.com/logo.png">');
    expect(doc).toContain(
      '<img class="logo" src="https://cdn.example.com/logo.png" alt="Harbor &amp; &lt;b&gt;Co&lt;/b&gt;" height="40" width="160">',
    );
    expect(doc).toContain('<span class="avatar avatar-fallback" aria-hidden="true">RI</span>');
    const plain = renderLandingPage(page({}, { brandingEnabled: false, name: null }), form, { nonce: null, assets });
    expect(plain).toContain('<span class="brand-name">Riley &lt;img src=x onerror=alert(1)&gt;</span>');
    expect(plain).toContain('Your local real-estate agent');
    expect(plain).toContain(':root{--brand:#1d4ed8;');
    expect(plain).not.toContain('nonce=');
  });

  it('renders the form with the names the tests and screen readers use', () => {
    expect(doc).toContain('<label for="phone">Mobile phone</label><input id="phone" name="phone"');
    expect(doc).toMatch(/<input id="address"[^>]* role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="address-listbox"/);
    expect(doc).toContain('<ul id="address-listbox" role="listbox" aria-label="Address suggestions" class="listbox" hidden></ul>');
    expect(doc).toMatch(/<input id="consent" name="consent" type="checkbox" required>/);
    expect(doc).toMatch(/<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">/);
    expect(doc).not.toContain('data-hydrated');
    expect(doc).not.toContain('id="turnstile"');
    const withTurnstile = renderLandingPage(page(), { ...form, turnstileSiteKey: '1x00000000000000000000AA' }, { nonce: null, assets });
    expect(withTurnstile).toContain('<div class="field" id="turnstile"><div class="turnstile"></div></div>');
    // the form is sent without JavaScript too, unless Turnstile (a script) has to run
    expect(doc).toContain('<form method="post" novalidate data-landing-form>');
    expect(doc).not.toContain('<noscript>');
    expect(withTurnstile).toContain('<noscript><p class="hint">Sending this form needs JavaScript for a quick verification.');
  });

  it('passes the form its settings as JSON: agent code, the consent disclosure version, countries, metadata', () => {
    const json = new RegExp(`<script type="application/json" id="${CLIENT_CONFIG_ID}">(.*?)</script>`, 's').exec(doc)?.[1];
    const config = JSON.parse(json!);
    expect(config.agentCode).toBe('k7m2xqp');
    expect(config.consentVersion).toBe(CURRENT_CONSENT_VERSION);
    // the disclosure shown is the server's rendering of that version: it names the agent and the brokerage (escaped)
    expect(doc).toContain(
      `<span>${escapeHtml(consentDisclosure(CURRENT_CONSENT_VERSION, { agentName: 'Riley <img src=x onerror=alert(1)>', brokerage: 'Harbor & <b>Co</b>' }))}</span>`,
    );
    expect(doc).toContain('I agree that Riley &lt;img src=x onerror=alert(1)&gt; of Harbor &amp; &lt;b&gt;Co&lt;/b&gt; may contact me');
    expect(doc).toContain(`<input type="hidden" name="consent_version" value="${CURRENT_CONSENT_VERSION}">`);
    expect(config.allowedCountries).toEqual(['US', 'CA']);
    expect(Object.keys(config.phoneMetadata.countries).sort()).toEqual(['CA', 'US']);
    expect(config.turnstileSiteKey).toBeNull();
  });

  it('shows the footer contact line', () => {
    expect(doc).toContain(
      '<p>Riley &lt;img src=x onerror=alert(1)&gt; · Harbor &amp; &lt;b&gt;Co&lt;/b&gt; · (206) 555-0142 · riley@example.com</p>',
    );
  });
});

describe('the landing page again after a post without JavaScript', () => {
  const values: LeadFormValues = {
    phone: '"><script>alert(1)</script>',
    address: '1156 N 93rd St & <b>Apt 4</b>',
    consent: false,
    consentVersion: 2,
    website: 'spam.example',
    turnstileToken: null,
    facts: null,
  };
  const errors: FormErrors = { phone: 'That doesn’t look like a valid mobile number. Check the digits.', consent: CONSENT_PROBLEM };
  const doc = renderLandingPage(page(), form, { nonce: null, assets }, { values, errors });

  it('keeps what was typed in the fields, escaped', () => {
    expect(doc).toContain(' value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
    expect(doc).toContain(' value="1156 N 93rd St &amp; &lt;b&gt;Apt 4&lt;/b&gt;">');
    expect(markup(doc).match(/<script/g)).toHaveLength(1);
    // the honeypot is not filled in again; an unticked box stays unticked, a ticked one ticked
    expect(doc).toContain('<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">');
    expect(doc).not.toContain('spam.example');
    expect(doc).toMatch(/<input id="consent" name="consent" type="checkbox" required aria-invalid="true"/);
    expect(renderLandingPage(page(), form, { nonce: null, assets }, { values: { ...values, consent: true }, errors: {} })).toContain(
      '<input id="consent" name="consent" type="checkbox" required checked>',
    );
  });

  it('shows the errors as the script does: summary first, then under each field, linked by aria-describedby', () => {
    expect(doc).toContain(
      '<form method="post" novalidate data-landing-form><div class="error-summary" role="alert" tabindex="-1" id="form-errors" autofocus>Please check the following:<ul><li><a href="#phone">That doesn’t look like a valid mobile number. Check the digits.</a></li><li><a href="#consent">Please tick the box so we can text you your report.</a></li></ul></div>',
    );
    expect(doc).toMatch(/<input id="phone" [^>]* required aria-invalid="true" aria-describedby="phone-hint phone-error" value=/);
    expect(doc).toContain(
      '<p class="hint" id="phone-hint">We’ll text your report link to this number.</p><p class="field-error" id="phone-error">That doesn’t look like a valid mobile number. Check the digits.</p></div>',
    );
    expect(doc).toContain('aria-invalid="true" aria-describedby="consent-error"><span>');
    expect(doc).toContain('</label><p class="field-error" id="consent-error">Please tick the box so we can text you your report.</p></div>');
    // the address has no error: no aria-invalid, only its hint
    expect(doc).toMatch(/<input id="address" [^>]* required aria-describedby="address-hint" value=/);
    expect(doc).not.toContain('address-error');
  });

  it('shows a message for the whole form (rate limit, unreachable API) without a list', () => {
    const busy = renderLandingPage(
      page(),
      form,
      { nonce: null, assets },
      { values, errors: { form: 'Too many requests from this network. Please try again later.' } },
    );
    expect(busy).toContain(
      '<div class="error-summary" role="alert" tabindex="-1" id="form-errors" autofocus>Too many requests from this network. Please try again later.</div>',
    );
    expect(busy).not.toContain('aria-invalid');
  });

  it('shows posted home facts with their corrections open, and errors under them', () => {
    const withFacts = renderLandingPage(
      page(),
      form,
      { nonce: null, assets },
      {
        values: {
          ...values,
          facts: {
            mls: { bedrooms: 3, bathrooms: 2, sqftLiving: 1560, yearBuilt: null },
            typed: { bedrooms: '40', bathrooms: '2', sqftLiving: '"x', yearBuilt: '' },
          },
        },
        errors: { bedrooms: 'Bedrooms: between 0 and 20.' },
      },
    );
    expect(withFacts).toContain('<p id="property-summary" class="property-summary">3 beds · 2 baths · 1,560 sq ft</p>');
    expect(withFacts).toContain(
      '<input type="hidden" name="mls-bedrooms" value="3"><input type="hidden" name="mls-bathrooms" value="2"><input type="hidden" name="mls-sqftLiving" value="1560"><input type="hidden" name="mls-yearBuilt" value="">',
    );
    expect(withFacts).toContain(
      '<input id="fact-bedrooms" name="fact-bedrooms" class="input" type="text" inputmode="numeric" autocomplete="off" value="40" aria-invalid="true" aria-describedby="fact-bedrooms-error"><p class="field-error" id="fact-bedrooms-error">Bedrooms: between 0 and 20.</p>',
    );
    expect(withFacts).toContain('name="fact-sqftLiving" class="input" type="text" inputmode="numeric" autocomplete="off" value="&quot;x">');
    expect(withFacts).toContain('<li><a href="#fact-bedrooms">Bedrooms: between 0 and 20.</a></li>');
  });
});

describe('pages without an agent', () => {
  it('renders the 404 page in the look of app/not-found.tsx, not indexed, without a script', () => {
    const doc = renderNotFoundPage({ nonce: 'abc', assets });
    expect(doc).toContain('<title>Page not found</title>');
    expect(doc).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(doc).toContain('<main class="page narrow center-page"><div class="card"><p class="eyebrow">404</p><h1>We couldn’t find that page</h1>');
    expect(doc).toContain('<style nonce="abc">.hero{color:red}</style>');
    expect(doc).not.toContain('<script');
  });

  it('renders a plain error page when the API cannot be reached', () => {
    const doc = renderUnavailablePage({ nonce: null, assets });
    expect(doc).toContain('<h1>Something went wrong on our side</h1>');
    expect(doc).toContain('<a class="btn" href="">Try again</a>');
    expect(doc).not.toContain('<script');
  });

  it('keeps a posted form when the API cannot be reached: "Try again" posts the same fields', () => {
    const doc = renderUnavailablePage(
      { nonce: null, assets },
      {
        phone: '(201) 555-0123',
        address: '1 Main St "A"',
        consent: true,
        consentVersion: 2,
        website: 'spam-honeypot',
        turnstileToken: 'one-time-token',
        facts: null,
      },
    );
    expect(doc).toContain(
      '<form method="post" novalidate><input type="hidden" name="phone" value="(201) 555-0123"><input type="hidden" name="address" value="1 Main St &quot;A&quot;"><input type="hidden" name="consent" value="on"><input type="hidden" name="consent_version" value="2"><button type="submit" class="btn">Try again</button></form>',
    );
    expect(doc).not.toMatch(/spam-honeypot|one-time-token|<script/);
  });
});
