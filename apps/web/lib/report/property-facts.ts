import type { PropertyFacts, Subject } from '@opencma/core';
import { baths, html, number, type SafeHtml } from '@opencma/view';

type Fact = { key: keyof PropertyFacts; text: string };

/** Key facts of the consumer's home as chips; facts the consumer corrected are marked. */
export function propertyFacts(subject: Subject | null): SafeHtml | null {
  if (!subject) return null;
  const corrected = new Set(subject.consumerProvided ?? []);
  const facts: (Fact | false)[] = [
    subject.bedrooms !== null && { key: 'bedrooms', text: `${number(subject.bedrooms)} bed${subject.bedrooms === 1 ? '' : 's'}` },
    subject.bathrooms !== null && { key: 'bathrooms', text: `${baths(subject.bathrooms)} baths` },
    subject.sqftLiving !== null && { key: 'sqftLiving', text: `${number(subject.sqftLiving)} sq ft` },
    subject.sqftLot !== null && { key: 'sqftLot', text: `${number(subject.sqftLot)} sq ft lot` },
    subject.yearBuilt !== null && { key: 'yearBuilt', text: `Built ${subject.yearBuilt}` },
    subject.floors !== null && { key: 'floors', text: `${number(subject.floors)} floor${subject.floors === 1 ? '' : 's'}` },
    !!subject.yearRenovated && { key: 'yearRenovated', text: `Renovated ${subject.yearRenovated}` },
    !!subject.waterfront && { key: 'waterfront', text: 'Waterfront' },
  ];
  const shown = facts.filter((f): f is Fact => !!f);
  if (!shown.length) return html`<p class="muted small">We found no recorded details for this home.</p>`;
  const anyCorrected = shown.some((f) => corrected.has(f.key));
  return html`<ul class="facts" aria-label="Property details">${shown.map((f) =>
    corrected.has(f.key)
      ? html`<li class="fact-corrected">${f.text}<span class="fact-mark"><span aria-hidden="true">*</span><span class="sr-only"> (as you told us)</span></span></li>`
      : html`<li>${f.text}</li>`,
  )}</ul>${anyCorrected && html`<p class="small muted m-t-sm">* As you told us; it differs from, or was missing in, the public record.</p>`}`;
}
