/** /agent/page: the agent edits their landing page (texts, photo), previews it, copies the link, downloads the QR code. */
import { html, type SafeHtml } from '@opencma/view';
import type { PageContext } from '../page/document';
import type { AgentSession } from './api';
import { renderAgentPage } from './layout';

export interface LandingEditor {
  name: string;
  headline: string;
  subheadline: string;
  cta_text: string;
  photo_url: string | null;
  landing_page_url: string;
  qr_png_url: string;
  qr_svg_url: string;
  /** The agent's own brokerage name (null: the account's name is used). */
  brokerage_name: string | null;
  /** The brokerage the page names (own or the account's). */
  brokerage: string | null;
  license_number: string | null;
  /** The homeowner's net-proceeds calculator defaults, basis points (decision 0029). */
  sale_commission_bps: number;
  closing_cost_bps: number;
}

const percentOf = (bps: number) => String(bps / 100);

const field = (id: string, label: string, value: string, max: number, multiline = false) =>
  html`<div class="stack"><label for="${id}">${label}</label>${
    multiline
      ? html`<textarea class="input" id="${id}" name="${id}" rows="3" maxlength="${String(max)}" aria-describedby="${id}-error">${value}</textarea>`
      : html`<input class="input" id="${id}" name="${id}" type="text" maxlength="${String(max)}" value="${value}" aria-describedby="${id}-error">`
  }<p class="field-error" id="${id}-error" role="alert"></p></div>`;

export function renderLandingEditorPage(ctx: PageContext, session: AgentSession, e: LandingEditor, emailSettings?: SafeHtml): string {
  return renderAgentPage(ctx, {
    title: 'My landing page',
    page: 'landing',
    session,
    body: html`<h1>My landing page</h1>
<section class="card stack"><h2>Your link</h2><p class="break"><a id="page-link" href="${e.landing_page_url}" target="_blank" rel="noopener">${e.landing_page_url}</a></p><div class="row"><button class="btn btn-small" type="button" id="copy-link">Copy link</button><a class="btn btn-outline btn-small" href="${e.landing_page_url}" target="_blank" rel="noopener">Open my page</a></div><p class="muted small" id="copy-status" role="status"></p><img class="qr" src="${e.qr_svg_url}" alt="QR code of your landing page link" width="160" height="160"><div class="row"><a class="btn btn-outline btn-small" href="${e.qr_png_url}" download>Download QR (PNG)</a><a class="btn btn-outline btn-small" href="${e.qr_svg_url}" download>Download QR (SVG)</a></div></section>
<form class="card stack" id="landing-form" novalidate><h2>Texts</h2>${field('name', 'Your name', e.name, 200)}${field('headline', 'Headline', e.headline, 200)}${field(
      'subheadline',
      'Subheadline',
      e.subheadline,
      500,
      true,
    )}${field('cta_text', 'Button text (call to action)', e.cta_text, 60)}<button class="btn" type="submit">Save changes</button><p class="muted" id="landing-saved" role="status"></p></form>
<section class="card stack" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2><div class="preview-card"><p class="muted small" id="preview-name">${e.name}</p><p class="preview-headline" id="preview-headline">${
      e.headline
    }</p><p id="preview-subheadline">${e.subheadline}</p><span class="btn" id="preview-cta">${e.cta_text}</span></div></section>
<form class="card stack" id="compliance-form" novalidate><h2>Brokerage and license</h2><p class="muted small">Shown on your landing page, your reports and their PDFs${
      e.brokerage ? html` (now: ${e.brokerage})` : ''
    }, with the Equal Housing Opportunity statement. Leave the brokerage empty to use your account’s name.</p>${field(
      'brokerage_name',
      'Brokerage name',
      e.brokerage_name ?? '',
      200,
    )}${field('license_number', 'Your license number', e.license_number ?? '', 40)}<button class="btn" type="submit">Save</button><p class="muted" id="compliance-saved" role="status"></p></form>
<form class="card stack" id="selling-costs-form" novalidate><h2>Selling costs on your reports</h2><p class="muted small">The defaults of the “what a sale would leave you” calculator on your reports, in percent of the sale price. The homeowner can change them.</p>${field(
      'sale_commission_bps',
      'Commission (%)',
      percentOf(e.sale_commission_bps),
      6,
    )}${field('closing_cost_bps', 'Closing costs (%)', percentOf(e.closing_cost_bps), 6)}<button class="btn" type="submit">Save</button><p class="muted" id="selling-costs-saved" role="status"></p></form>
<form class="card stack" id="photo-form" novalidate><h2>Photo</h2>${
      e.photo_url
        ? html`<img class="avatar avatar-large" id="photo-current" src="${e.photo_url}" alt="Your current photo" width="120" height="120">`
        : ''
    }<label for="photo">Choose a photo (JPEG, PNG, WebP or GIF, up to 5 MB)</label><input class="input" id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/gif" aria-describedby="photo-error"><p class="field-error" id="photo-error" role="alert"></p><button class="btn btn-outline" type="submit">Upload photo</button><p class="muted" id="photo-saved" role="status"></p></form>
${emailSettings ?? ''}
<section class="card stack"><h2>Sessions</h2><p class="muted small">Lost a phone, or signed in on a shared computer? End every session of your account, this one included.</p><button class="btn btn-outline" type="button" data-action="sign-out-everywhere">Sign out everywhere</button></section>`,
  });
}
