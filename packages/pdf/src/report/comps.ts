import type { CompDetail } from '@opencma/core';
import { ADJUSTMENT_LABEL, baths, date, html, join, miles, money, number, raw, type ReportStory, type SafeHtml, signedMoney } from '@opencma/view';
import { DOT } from './sections';

function address(c: CompDetail, heading: string): SafeHtml {
  const s = c.sale;
  const place = [s.city, s.postalCode].filter(Boolean).join(' ');
  return html`<div class="addr-main">${heading}</div>${place && html`<div class="addr-sub">${place}</div>`}`;
}

function compRow(c: CompDetail, i: number, story: ReportStory): SafeHtml {
  const s = c.sale;
  const share = story.compShares[i];
  const adjustments = c.adjustments.length
    ? join(
        c.adjustments.map((a) => `${ADJUSTMENT_LABEL[a.factor] ?? a.factor} ${signedMoney(a.amount)}`),
        raw(DOT),
      )
    : 'No adjustments';
  return html`<tr class="main">
  <td class="num muted">${i + 1}</td>
  <td>${address(c, story.headings[i]!)}</td>
  <td class="num">${miles(c.distanceKm)}</td>
  <td class="num">${date(s.closeDate)}</td>
  <td class="num">${money(s.closePrice)}</td>
  <td class="num">${s.sqftLiving ? money(s.closePrice / s.sqftLiving) : '—'}</td>
  <td class="num">${number(s.bedrooms)} / ${baths(s.bathrooms)}</td>
  <td class="num">${number(s.sqftLiving)}</td>
  <td class="num"><strong>${money(c.adjustedPrice)}</strong></td>
  <td class="num">${share == null ? '—' : `${share}%`}</td>
</tr>
<tr class="adj"><td></td><td colspan="9">Adjustments: ${adjustments}${story.surprises[i]!.map((why) => html`<br>${why}`)}</td></tr>`;
}

/** The comparable sales as a table, heaviest first (the numbering of the map), each with its adjustments. */
export function compsSection(story: ReportStory): SafeHtml {
  const comps = story.comps;
  if (comps.length === 0) {
    return html`<section data-section="comps"><h2>Comparable sales</h2><p class="muted">No comparable sales were found near this home.</p></section>`;
  }
  return html`<section style="break-inside:auto" data-section="comps"><h2>Comparable sales</h2>
${story.withheldNote && html`<p class="muted" style="margin:0 0 6px">${story.withheldNote}</p>`}
<table>
  <thead><tr>
    <th class="num">#</th><th>Address</th><th class="num">Distance</th><th class="num">Sold</th><th class="num">Sale price</th>
    <th class="num">$/sq ft</th><th class="num">Bd / Ba</th><th class="num">Sq ft</th><th class="num">Adjusted</th><th class="num">Share</th>
  </tr></thead>
  <tbody>${comps.map((c, i) => compRow(c, i, story))}</tbody>
</table>
<p class="muted" style="margin:5px 0 0;font-size:8.5px">Adjusted price: what each sale would have fetched for this home, after adjusting for time of sale, size, rooms, age, lot and other differences. Share: how much each sale counts in the estimate (more similar sales count more); the price models carry the rest, as “How the estimate adds up” shows.</p>
</section>`;
}
