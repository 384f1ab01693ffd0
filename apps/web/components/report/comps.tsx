import type { CompDetail } from '@opencma/core';
import { baths, date, km, money, number, signedMoney } from '../../lib/format';

function perSqft(price: number, sqft: number | null): string {
  return sqft && sqft > 0 ? `${money(price / sqft)}` : '—';
}

export function CompsSection({ comps }: { comps: CompDetail[] }) {
  const sorted = [...comps].sort((a, b) => b.weight - a.weight);
  return (
    <section className="section" aria-labelledby="comps-h">
      <h2 id="comps-h">Comparable sales</h2>
      {sorted.length === 0 ? (
        <p className="card">We didn’t find recent sales of similar homes close enough to compare.</p>
      ) : (
        <>
          <p className="muted small">
            Recent sales of similar homes nearby. Each sale is adjusted for the ways it differs from your home; the
            adjusted price is what it suggests your home is worth.
          </p>
          <ul className="comps">
            {sorted.map((c, i) => {
              const s = c.sale;
              return (
                <li key={`${s.id}-${i}`} className="card comp">
                  <h3>{s.address ?? 'Undisclosed address'}</h3>
                  <p className="muted small" style={{ marginBottom: '0.35rem' }}>
                    {[s.city, `${km(c.distanceKm)} away`, `Sold ${date(s.closeDate)}`].filter(Boolean).join(' · ')}
                  </p>
                  <p className="price" style={{ margin: 0 }}>
                    {money(s.closePrice)}
                  </p>
                  <dl className="kv">
                    <div>
                      <dt>Adjusted price</dt>
                      <dd>{money(c.adjustedPrice)}</dd>
                    </div>
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
                      <dt>Similarity</dt>
                      <dd>{Number.isFinite(c.similarity) ? `${Math.round(Math.min(1, Math.max(0, c.similarity)) * 100)}%` : '—'}</dd>
                    </div>
                  </dl>
                  {c.adjustments.length > 0 && (
                    <details>
                      <summary>How we adjusted this sale</summary>
                      <ul className="adjustments">
                        {c.adjustments.map((a, j) => (
                          <li key={`${a.factor}-${j}`}>
                            <span>{a.reason || a.factor}</span>
                            <strong>{signedMoney(a.amount)}</strong>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
