import type { CompDetail } from '@opencma/core';
import { baths, date, html, join, miles, money, number, percent, raw, type SafeHtml, signedMoney } from '@opencma/view';
import { DOT } from './sections';

const FACTOR_LABEL: Record<string, string> = {
  time: 'Market change',
  size: 'Living area',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  age: 'Age',
  lot: 'Lot',
  grade: 'Quality',
  condition: 'Condition',
  view: 'View',
  waterfront: 'Waterfront',
  location: 'Location',
};

function address(c: CompDetail): SafeHtml {
  const s = c.sale;
  const place = [s.city, s.postalCode].filter(Boolean).join(' ');
  return html`${s.address ? html`<div class="addr-main">${s.address}</div>` : html`<div class="addr-main muted">Undisclosed address</div>`}${
    place && html`<div class="addr-sub">${place}</div>`
  }`;
}

function compRow(c: CompDetail, i: number, totalWeight: number): SafeHtml {
  const s = c.sale;
  const weight = totalWeight > 0 ? c.weight / totalWeight : 0;
  const adjustments = c.adjustments.length
    ? join(
        c.adjustments.map((a) => `${FACTOR_LABEL[a.factor] ?? a.factor} ${signedMoney(a.amount)}`),
        raw(DOT),
      )
    : 'No adjustments';
  return html`<tr class="main">
  <td class="num muted">${i + 1}</td>
  <td>${address(c)}</td>
  <td class="num">${miles(c.distanceKm)}</td>
  <td class="num">${date(s.closeDate)}</td>
  <td class="num">${money(s.closePrice)}</td>
  <td class="num">${s.sqftLiving ? money(s.closePrice / s.sqftLiving) : '—'}</td>
  <td class="num">${number(s.bedrooms)} / ${baths(s.bathrooms)}</td>
  <td class="num">${number(s.sqftLiving)}</td>
  <td class="num"><strong>${money(c.adjustedPrice)}</strong></td>
  <td class="num">${percent(weight, 0)}</td>
</tr>
<tr class="adj"><td></td><td colspan="9">Adjustments: ${adjustments}</td></tr>`;
}

/** The comparable sales as a table, heaviest first (the numbering of the map), each with its adjustments. */
export function compsSection(comps: CompDetail[]): SafeHtml {
  if (comps.length === 0) {
    return html`<section data-section="comps"><h2>Comparable sales</h2><p class="muted">No comparable sales were found near this home.</p></section>`;
  }
  const total = comps.reduce((s, c) => s + c.weight, 0);
  return html`<section style="break-inside:auto" data-section="comps"><h2>Comparable sales</h2>
<table>
  <thead><tr>
    <th class="num">#</th><th>Address</th><th class="num">Distance</th><th class="num">Sold</th><th class="num">Sale price</th>
    <th class="num">$/sq ft</th><th class="num">Bd / Ba</th><th class="num">Sq ft</th><th class="num">Adjusted</th><th class="num">Weight</th>
  </tr></thead>
  <tbody>${comps.map((c, i) => compRow(c, i, total))}</tbody>
</table>
<p class="muted" style="margin:5px 0 0;font-size:8.5px">Adjusted price: what each sale would have fetched for this home, after adjusting for time of sale, size, rooms, age, lot and other differences. Weight: how much each sale counts toward the estimate (more similar sales count more).</p>
</section>`;
}
