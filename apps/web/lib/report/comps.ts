import type { CompDetail, Subject } from '@opencma/core';
import {
  ADJUSTMENT_LABEL,
  adjustmentSentence,
  baths,
  date,
  html,
  miles,
  money,
  number,
  type ReportStory,
  type SafeHtml,
  safeImageUrl,
  signedMoney,
} from '@opencma/view';

function perSqft(price: number, sqft: number | null): string {
  return sqft && sqft > 0 ? money(price / sqft) : '—';
}

/** "Seattle 98103 · 0.1 mi away · Sold Nov 3, 2014": where and when (a withheld address is said once, above the list). */
export function compSubtitle(c: CompDetail): string {
  const s = c.sale;
  const where = [s.city, s.postalCode].filter(Boolean).join(' ') || null;
  return [where, `${miles(c.distanceKm)} away`, `Sold ${date(s.closeDate)}`].filter(Boolean).join(' · ');
}

const kv = (term: string, value: string | number) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;

function adjustments(c: CompDetail, subject: Subject | null): SafeHtml {
  if (c.adjustments.length === 0) return html`<p class="small muted m-t-md">No adjustments: this sale is already very like your home.</p>`;
  return html`<details><summary>Adjustments (${c.adjustments.length})</summary><ul class="adjustments">${c.adjustments.map(
    (a) =>
      html`<li><span><strong class="adj-factor">${ADJUSTMENT_LABEL[a.factor] ?? a.factor}</strong><span class="muted"> — ${adjustmentSentence(
        a,
        subject,
        c.sale,
      )}</span></span><strong>${signedMoney(a.amount)}</strong></li>`,
  )}<li class="adj-total"><span>Sale price ${money(c.sale.closePrice)} → adjusted</span><strong>${money(c.adjustedPrice)}</strong></li></ul></details>`;
}

function comp(c: CompDetail, i: number, story: ReportStory, subject: Subject | null): SafeHtml {
  const s = c.sale;
  const photo = safeImageUrl(s.photoUrl);
  const heading = story.headings[i]!;
  const share = story.compShares[i];
  return html`<li class="card comp" data-testid="comp">${
    photo && html`<img class="comp-photo" src="${photo}" alt="Photo of ${heading}" loading="lazy">`
  }<div class="comp-title"><span class="comp-n" aria-label="Sale ${i + 1}">${i + 1}</span><div><h3>${heading}</h3><p class="muted small m-0">${compSubtitle(
    c,
  )}</p></div></div><p class="price m-t-sm">${money(s.closePrice)}</p><dl class="kv">${[
    kv('Price / sq ft', perSqft(s.closePrice, s.sqftLiving)),
    kv('Beds / baths', `${number(s.bedrooms)} / ${baths(s.bathrooms)}`),
    kv('Living area', s.sqftLiving ? `${number(s.sqftLiving)} sq ft` : '—'),
    kv('Year built', s.yearBuilt ?? '—'),
    kv('Adjusted price', money(c.adjustedPrice)),
    kv('Share of the estimate', share == null ? '—' : `${share}%`),
  ]}</dl>${adjustments(c, subject)}</li>`;
}

/** Comparable sales, heaviest first (the numbering of the map and the account), each with a distinct heading. */
export function compsSection(story: ReportStory, subject: Subject | null): SafeHtml {
  const comps = story.comps;
  return html`<section class="section" aria-labelledby="comps-h" data-section="comps"><h2 id="comps-h">Comparable sales</h2>${
    comps.length === 0
      ? html`<p class="card">We didn’t find recent sales of similar homes close enough to compare.</p>`
      : html`<p class="muted small">Recent sales of similar homes nearby. Each sale is adjusted for the ways it differs from your home; the adjusted price is what it suggests your home is worth, and the share is how much it counts in the estimate.</p>${
          story.withheldNote && html`<p class="small" data-testid="withheld-note">${story.withheldNote}</p>`
        }<ol class="comps">${comps.map((c, i) => comp(c, i, story, subject))}</ol>`
  }</section>`;
}
