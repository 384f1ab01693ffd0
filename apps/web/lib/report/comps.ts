import type { CompDetail } from '@opencma/core';
import { baths, date, html, miles, money, number, percent, type SafeHtml, safeImageUrl, signedMoney } from '@opencma/view';

export const FACTOR_LABEL: Record<string, string> = {
  time: 'Market change since the sale',
  size: 'Living area',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  age: 'Age',
  lot: 'Lot size',
  grade: 'Construction quality',
  condition: 'Condition',
  view: 'View',
  waterfront: 'Waterfront',
  location: 'Location within the area',
};

function perSqft(price: number, sqft: number | null): string {
  return sqft && sqft > 0 ? money(price / sqft) : '—';
}

/** City and ZIP of a sale, if known: all we can say when the MLS withholds the street address. */
function place(city: string | null, zip: string | null): string | null {
  return [city, zip].filter(Boolean).join(' ') || null;
}

/** "98103 · 0.1 mi away · Sold Nov 3, 2014": where and when, with the location withheld said plainly. */
export function compSubtitle(c: CompDetail): string {
  const s = c.sale;
  const where = place(s.city, s.postalCode);
  return [s.address ? where : (where ?? 'Location withheld by the MLS'), `${miles(c.distanceKm)} away`, `Sold ${date(s.closeDate)}`]
    .filter(Boolean)
    .join(' · ');
}

const kv = (term: string, value: string | number) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;

function adjustments(c: CompDetail): SafeHtml {
  if (c.adjustments.length === 0) return html`<p class="small muted m-t-md">No adjustments: this sale is already very like your home.</p>`;
  return html`<details><summary>Adjustments (${c.adjustments.length})</summary><ul class="adjustments">${c.adjustments.map(
    (a) =>
      html`<li><span><strong class="adj-factor">${FACTOR_LABEL[a.factor] ?? a.factor}</strong>${a.reason && html`<span class="muted"> — ${a.reason}</span>`}</span><strong>${signedMoney(
        a.amount,
      )}</strong></li>`,
  )}<li class="adj-total"><span>Sale price ${money(c.sale.closePrice)} → adjusted</span><strong>${money(c.adjustedPrice)}</strong></li></ul></details>`;
}

function comp(c: CompDetail, i: number, totalWeight: number): SafeHtml {
  const s = c.sale;
  const photo = safeImageUrl(s.photoUrl);
  const weight = totalWeight > 0 ? c.weight / totalWeight : 0;
  return html`<li class="card comp" data-testid="comp">${
    photo && html`<img class="comp-photo" src="${photo}" alt="Photo of ${s.address ?? 'the sold home'}" loading="lazy">`
  }<div class="comp-title"><span class="comp-n" aria-label="Sale ${i + 1}">${i + 1}</span><div><h3>${s.address ?? 'Undisclosed address'}</h3><p class="muted small m-0">${compSubtitle(
    c,
  )}</p></div></div><p class="price m-t-sm">${money(s.closePrice)}</p><dl class="kv">${[
    kv('Price / sq ft', perSqft(s.closePrice, s.sqftLiving)),
    kv('Beds / baths', `${number(s.bedrooms)} / ${baths(s.bathrooms)}`),
    kv('Living area', s.sqftLiving ? `${number(s.sqftLiving)} sq ft` : '—'),
    kv('Year built', s.yearBuilt ?? '—'),
    kv('Adjusted price', money(c.adjustedPrice)),
    kv('Weight in estimate', percent(weight, 0)),
  ]}</dl>${adjustments(c)}</li>`;
}

/** Comparable sales, in the order given (heaviest weight first); numbers match the map. */
export function compsSection(comps: CompDetail[]): SafeHtml {
  const total = comps.reduce((sum, c) => sum + c.weight, 0);
  return html`<section class="section" aria-labelledby="comps-h" data-section="comps"><h2 id="comps-h">Comparable sales</h2>${
    comps.length === 0
      ? html`<p class="card">We didn’t find recent sales of similar homes close enough to compare.</p>`
      : html`<p class="muted small">Recent sales of similar homes nearby. Each sale is adjusted for the ways it differs from your home; the adjusted price is what it suggests your home is worth, and the weight is how much it counts in the estimate.</p><ol class="comps">${comps.map(
          (c, i) => comp(c, i, total),
        )}</ol>`
  }</section>`;
}
