/**
 * The consumer landing page /cma/{agent_code} as one HTML document (app/cma/[code]/route.ts).
 * Every agent and account text goes through `html`, so markup in it shows as text; URLs and colours
 * are validated by @opencma/view before they reach an attribute or the stylesheet.
 */
import type { LandingPage } from '../api';
import { brandStyle, complianceLine, html, jsonForScript, phone, safeImageUrl } from '@opencma/view';
import { landingConsent } from '../consent';
import type { LandingFormConfig } from '../landing-config';
import type { FormErrors, LeadFormValues } from '../lead-submit';
import { CLIENT_CONFIG_ID, type LandingClientConfig } from './client-config';
import { renderDocument, type PageContext } from '../page/document';
import { avatar, topBar } from '../page/top-bar';
import { leadFormHtml } from './lead-form';

/** A post of the form without JavaScript that needs another try: what was typed and what to fix. */
export interface PostedForm {
  values: LeadFormValues;
  errors: FormErrors;
}

export function renderLandingPage(page: LandingPage, form: LandingFormConfig, ctx: PageContext, posted?: PostedForm): string {
  const { agent, account } = page;
  const branded = account.brandingEnabled;
  const brand = brandStyle(branded ? account.primaryColor : null, branded ? account.secondaryColor : null);
  const logo = branded ? safeImageUrl(account.logoUrl) : null;
  const photo = safeImageUrl(agent.photoUrl);
  const consent = landingConsent(page);
  const config: LandingClientConfig = {
    agentCode: agent.agentCode,
    consentVersion: consent.version,
    allowedCountries: form.allowedCountries,
    phoneMetadata: form.phoneMetadata,
    turnstileSiteKey: form.turnstileSiteKey,
  };
  const contact =
    [agent.name, account.name].filter(Boolean).join(' · ') +
    (agent.phone ? ` · ${phone(agent.phone)}` : '') +
    (agent.email ? ` · ${agent.email}` : '');

  const body = html`${topBar(logo, account.name, agent.name)}<main><section class="hero" aria-labelledby="headline"><div class="page hero-inner"><div class="intro"><div class="agent-chip">${avatar(
    agent.name,
    photo,
  )}<p class="who"><strong>${agent.name}</strong>${account.name ?? 'Your local real-estate agent'}</p></div><h1 id="headline">${agent.headline}</h1><p class="sub">${
    agent.subheadline
  }</p></div><div class="card form-card"><h2>Get your free home value report</h2><p class="muted small">Takes 30 seconds. We’ll text you a link to your report.</p>${leadFormHtml(
    {
      ctaText: agent.ctaText,
      consentText: consent.text,
      consentVersion: consent.version,
      turnstile: !!form.turnstileSiteKey,
      agentName: agent.name,
      ...posted,
    },
  )}</div><ul class="benefits" aria-label="What your report includes"><li>An estimated value range based on recent nearby sales</li><li>The comparable homes behind the number, with every adjustment explained</li><li>Local market trends: prices, price per square foot, and how they’ve changed</li></ul></div></section></main><footer class="page site-footer"><p>${contact}</p><p>Estimates are based on recent public sales records. They are not an appraisal.</p><p class="compliance">${complianceLine(
    { name: agent.name, brokerage: account.name, ...page.compliance },
  )}</p></footer><script type="application/json" id="${CLIENT_CONFIG_ID}">${jsonForScript(config)}</script>`;

  return renderDocument({
    title: `${agent.headline} | ${agent.name}`,
    description: agent.subheadline,
    nonce: ctx.nonce,
    assets: ctx.assets,
    // validated #hex colours only (@opencma/view)
    extraCss: `:root{--brand:${brand['--brand']};--brand-ink:${brand['--brand-ink']};--accent:${brand['--accent']}}`,
    preloadImages: [logo, photo].filter((u): u is string => !!u),
    script: true,
    body,
  });
}
