import type { ReportModel } from '@opencma/core';
import { date, html, httpsImageUrl, join, phone, raw, type SafeHtml } from '@opencma/view';
import type { PrintColors } from './colors';
import { DOT } from './sections';

/** The brand header: logo, photo, the agent's name, brokerage and contact; the document's title and date. */
export function header(model: ReportModel, colors: PrintColors): SafeHtml {
  const a = model.agent;
  const logo = httpsImageUrl(a.logoUrl);
  const photo = httpsImageUrl(a.photoUrl);
  const contact = join([a.phone && phone(a.phone), a.email], raw(DOT));
  return html`<header class="brand">
  <div class="brand-left">
    ${logo && html`<img class="logo" src="${logo}" alt="${a.brokerage ?? a.name} logo">`}
    ${photo && html`<img class="photo" src="${photo}" alt="${a.name}">`}
    <div>
      <div class="agent-name">${a.name}</div>
      ${a.brokerage && html`<div class="agent-meta">${a.brokerage}</div>`}
      ${contact.value && html`<div class="agent-meta">${contact}</div>`}
    </div>
  </div>
  <div class="brand-right" style="color:${colors.ink}">
    <div class="doc-title">Home Value Report</div>
    <div class="doc-sub">Prepared ${date(model.completedAt ?? model.createdAt)}</div>
  </div>
</header>`;
}
