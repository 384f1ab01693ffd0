import type { Subject } from '@opencma/core';
import { baths, number } from '../../lib/format';

/** Key facts of the consumer's home as chips. */
export function PropertyFacts({ subject }: { subject: Subject | null }) {
  if (!subject) return null;
  const facts = [
    subject.bedrooms !== null && `${number(subject.bedrooms)} bed${subject.bedrooms === 1 ? '' : 's'}`,
    subject.bathrooms !== null && `${baths(subject.bathrooms)} baths`,
    subject.sqftLiving !== null && `${number(subject.sqftLiving)} sq ft`,
    subject.sqftLot !== null && `${number(subject.sqftLot)} sq ft lot`,
    subject.yearBuilt !== null && `Built ${subject.yearBuilt}`,
    subject.yearRenovated ? `Renovated ${subject.yearRenovated}` : false,
    subject.waterfront ? 'Waterfront' : false,
  ].filter((f): f is string => typeof f === 'string');
  if (!facts.length) return null;
  return (
    <ul className="facts" aria-label="Property details">
      {facts.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}
