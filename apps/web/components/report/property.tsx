import type { PropertyFacts as Facts, Subject } from '@opencma/core';
import { baths, number } from '../../lib/format';

type Fact = { key: keyof Facts; text: string };

/** Key facts of the consumer's home as chips; facts the consumer corrected are marked. */
export function PropertyFacts({ subject }: { subject: Subject | null }) {
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
  if (!shown.length) return <p className="muted small">We found no recorded details for this home.</p>;
  const anyCorrected = shown.some((f) => corrected.has(f.key));
  return (
    <>
      <ul className="facts" aria-label="Property details">
        {shown.map((f) => (
          <li key={f.key} className={corrected.has(f.key) ? 'fact-corrected' : undefined}>
            {f.text}
            {corrected.has(f.key) && (
              <span className="fact-mark">
                <span aria-hidden="true">*</span>
                <span className="sr-only"> (as you told us)</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      {anyCorrected && (
        <p className="small muted" style={{ margin: '0.5rem 0 0' }}>
          * As you told us; it differs from, or was missing in, the public record.
        </p>
      )}
    </>
  );
}
