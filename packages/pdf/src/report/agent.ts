import type { ReportModel } from '@opencma/core';
import { html, httpsImageUrl, join, phone, raw, type SafeHtml } from '@opencma/view';
import { DOT } from './sections';

/** The agent's card with their own contact details (the only phone number a report shows) and the report's link. */
export function agentSection(model: ReportModel, link: string): SafeHtml {
  const a = model.agent;
  const photo = httpsImageUrl(a.photoUrl);
  const contact = join([a.phone && `Call or text ${phone(a.phone)}`, a.email], raw(DOT));
  return html`<section data-section="agent"><h2>Your agent</h2>
<div class="agentbox">${photo && html`<img src="${photo}" alt="${a.name}">`}
<div><div class="n">${a.name}</div>${a.brokerage && html`<div class="muted">${a.brokerage}</div>`}${contact.value && html`<div>${contact}</div>`}
<div class="muted" style="margin-top:3px">Questions about your home’s value? A visit can refine this estimate.</div>
<div style="margin-top:4px">Interactive report: <a href="${link}" style="color:inherit;font-weight:700;word-break:break-all">${link}</a></div></div></div>
</section>`;
}
