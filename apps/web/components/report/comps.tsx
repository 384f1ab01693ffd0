import type { CompDetail } from '@opencma/core';
import { safeImageUrl } from '../../lib/branding';
import { baths, date, km, money, number, percent, signedMoney } from '../../lib/format';

function perSqft(price: number, sqft: number | null): string {
  return sqft && sqft > 0 ? `${money(price / sqft)}` : '—';
}

const FACTOR_LABEL: Record<string, string> = {
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

/** City and ZIP of a sale, if known: all we can say when the MLS withholds the street address. */
function place(city: string | null, zip: string | null): string | null {
  return [city, zip].filter(Boolean).join(' ') || null;
}

/** Comparable sales, in the order given (heaviest weight first); numbers match the map. */
export function CompsSection({ comps }: { comps: CompDetail[] }) {
  const total = comps.reduce((s, c) => s + c.weight, 0);
  return (
    <section className="section" aria-labelledby="comps-h" data-section="comps">
      <h2 id="comps-h">Comparable sales</h2>
      {comps.length === 0 ? (
        <p className="card">We didn’t find recent sales of similar homes close enough to compare.</p>
      ) : (
        <>
          <p className="muted small">
            Recent sales of similar homes nearby. Each sale is adjusted for the ways it differs from your home; the
            adjusted price is what it suggests your home is worth, and the weight is how much it counts in the estimate.
          </p>
          <ol className="comps">
            {comps.map((c, i) => {
              const s = c.sale;
              const photo = safeImageUrl(s.photoUrl);
              const where = place(s.city, s.postalCode);
              const weight = total > 0 ? c.weight / total : 0;
              return (
                <li key={`${s.id}-${i}`} className="card comp" data-testid="comp">
                  {photo && <img className="comp-photo" src={photo} alt={`Photo of ${s.address ?? 'the sold home'}`} loading="lazy" />}
                  <div className="comp-title">
                    <span className="comp-n" aria-label={`Sale ${i + 1}`}>
                      {i + 1}
                    </span>
                    <div>
                      <h3>{s.address ?? 'Undisclosed address'}</h3>
                      <p className="muted small" style={{ margin: 0 }}>
                        {[s.address ? where : where ?? 'Location withheld by the MLS', `${km(c.distanceKm)} away`, `Sold ${date(s.closeDate)}`]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                    </div>
                  </div>
                  <p className="price" style={{ margin: '0.5rem 0 0' }}>
                    {money(s.closePrice)}
                  </p>
                  <dl className="kv">
                    <div>
                      <dt>Price / sq ft</dt>
                      <dd>{perSqft(s.closePrice, s.sqftLiving)}</dd>
                    </div>
                    <div>
                      <dt>Beds / baths</dt>
                      <dd>
                        {number(s.bedrooms)} / {baths(s.bathrooms)}
                      </dd>
                    </div>
                    <div>
                      <dt>Living area</dt>
                      <dd>{s.sqftLiving ? `${number(s.sqftLiving)} sq ft` : '—'}</dd>
                    </div>
                    <div>
                      <dt>Year built</dt>
                      <dd>{s.yearBuilt ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>Adjusted price</dt>
                      <dd>{money(c.adjustedPrice)}</dd>
                    </div>
                    <div>
                      <dt>Weight in estimate</dt>
                      <dd>{percent(weight, 0).replace('+', '')}</dd>
                    </div>
                  </dl>
                  {c.adjustments.length > 0 ? (
                    <details>
                      <summary>Adjustments ({c.adjustments.length})</summary>
                      <ul className="adjustments">
                        {c.adjustments.map((a, j) => (
                          <li key={`${a.factor}-${j}`}>
                            <span>
                              <strong className="adj-factor">{FACTOR_LABEL[a.factor] ?? a.factor}</strong>
                              {a.reason && <span className="muted"> — {a.reason}</span>}
                            </span>
                            <strong>{signedMoney(a.amount)}</strong>
                          </li>
                        ))}
                        <li className="adj-total">
                          <span>Sale price {money(s.closePrice)} → adjusted</span>
                          <strong>{money(c.adjustedPrice)}</strong>
                        </li>
                      </ul>
                    </details>
                  ) : (
                    <p className="small muted" style={{ margin: '0.75rem 0 0' }}>
                      No adjustments: this sale is already very like your home.
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
