import type { PropertyFacts, ReportModel } from '@opencma/core';
import { baths, html, join, number, raw, type SafeHtml } from '@opencma/view';
import { DOT } from './sections';

function fact(k: string, v: string, corrected: boolean): SafeHtml {
  return html`<div class="${corrected ? 'fact corrected' : 'fact'}"><div class="k">${k}</div><div class="v">${v}${corrected && html`<span class="mark"> *</span>`}</div></div>`;
}

/** The address, the home's facts as tiles (those the consumer corrected marked) and its other features. */
export function propertySection(model: ReportModel): SafeHtml {
  const subject = model.subject;
  if (!subject) {
    return html`<section class="property" data-section="property"><div class="address">${model.propertyAddress}</div>
<p class="muted">We could not find this property's details in the MLS records.</p></section>`;
  }
  const corrected = new Set<keyof PropertyFacts>(subject.consumerProvided ?? []);
  const c = (k: keyof PropertyFacts) => corrected.has(k);
  const extras = [
    !!subject.yearRenovated && `Renovated ${subject.yearRenovated}`,
    subject.waterfront && 'Waterfront',
    subject.view !== null && subject.view > 0 && (subject.view >= 3 ? 'Excellent view' : 'Has a view'),
    subject.grade !== null && subject.grade !== 7 && `Construction quality ${subject.grade > 7 ? 'above' : 'below'} average`,
    subject.condition !== null && subject.condition !== 3 && `Condition ${subject.condition > 3 ? 'above' : 'below'} average`,
    corrected.size > 0 && '* As you told us; it differs from, or was missing in, the public record',
  ];
  const extrasLine = join(extras, raw(DOT));
  return html`<section class="property" data-section="property">
  <div class="address">${subject.address || model.propertyAddress}</div>
  <div class="facts">
    ${fact('Bedrooms', number(subject.bedrooms), c('bedrooms'))}
    ${fact('Bathrooms', baths(subject.bathrooms), c('bathrooms'))}
    ${fact('Living area', subject.sqftLiving ? `${number(subject.sqftLiving)} sq ft` : '—', c('sqftLiving'))}
    ${fact('Lot', subject.sqftLot ? `${number(subject.sqftLot)} sq ft` : '—', c('sqftLot'))}
    ${fact('Year built', subject.yearBuilt ? String(subject.yearBuilt) : '—', c('yearBuilt'))}
    ${fact('Floors', subject.floors !== null ? String(subject.floors) : '—', c('floors'))}
  </div>
  ${extrasLine.value && html`<div class="extras">${extrasLine}</div>`}
</section>`;
}
