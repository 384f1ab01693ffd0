import type { ConfidenceTier, Valuation } from '@opencma/core';
import { coverageWords, money } from '../../lib/format';

const CONFIDENCE: Record<ConfidenceTier, { label: string; meaning: string }> = {
  high: {
    label: 'High confidence',
    meaning: 'Plenty of similar homes have sold nearby recently, and their prices agree closely.',
  },
  medium: {
    label: 'Medium confidence',
    meaning: 'There are good comparable sales, but they differ more from each other, so the range is wider.',
  },
  low: {
    label: 'Low confidence',
    meaning: 'Few similar homes have sold nearby recently. Treat this as a starting point; a visit can refine it.',
  },
};

export function EstimateSection({ valuation, agentName }: { valuation: Valuation | null; agentName: string }) {
  const est = valuation?.estimate ?? null;
  const conf = valuation?.confidence ? CONFIDENCE[valuation.confidence] : null;
  return (
    <section className="card section estimate-card" aria-labelledby="estimate-h">
      <h2 id="estimate-h">Estimated value</h2>
      {est ? (
        <>
          <p className="estimate-value">{money(est.value)}</p>
          <p>
            Likely range{' '}
            <strong>
              {money(est.low)} – {money(est.high)}
            </strong>
          </p>
          <div className="range-bar" aria-hidden="true">
            <span
              className="marker"
              style={{ left: `${est.high > est.low ? Math.min(100, Math.max(0, ((est.value - est.low) / (est.high - est.low)) * 100)) : 50}%` }}
            />
          </div>
          <div className="range-labels" aria-hidden="true">
            <span>
              <small>Low</small>
              {money(est.low)}
            </span>
            <span>
              <small>High</small>
              {money(est.high)}
            </span>
          </div>
          <p style={{ marginTop: '1rem' }}>
            We expect {coverageWords(est.coverage)} homes like this to sell within this range.
          </p>
          {conf && valuation?.confidence && (
            <p>
              <span className={`badge badge-${valuation.confidence}`}>{conf.label}</span> <span>{conf.meaning}</span>
            </p>
          )}
          {valuation?.flagged && valuation.flagReason && <p className="notice">{valuation.flagReason}</p>}
        </>
      ) : (
        <div className="notice">
          <p>
            <strong>We couldn’t calculate a reliable estimate for this home.</strong>
          </p>
          {valuation?.flagReason && <p>{valuation.flagReason}</p>}
          <p style={{ marginBottom: 0 }}>
            {agentName} has your request and will follow up with a personal valuation. The nearby sales and market
            figures below still give a good picture of local prices.
          </p>
        </div>
      )}
      {valuation && valuation.comps.length > 0 && (
        <p className="small muted" style={{ marginTop: '0.75rem', marginBottom: 0 }}>
          Based on {valuation.comps.length} comparable sale{valuation.comps.length === 1 ? '' : 's'}
          {valuation.searchStep ? ` (${valuation.searchStep})` : ''}.
        </p>
      )}
    </section>
  );
}
