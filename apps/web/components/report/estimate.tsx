import type { ConfidenceTier, ReportAgent, Valuation } from '@opencma/core';
import { mailHref, phoneHref } from '../../lib/branding';
import { coverageWords, date, money } from '../../lib/format';

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

/** The agent's follow-up offered when there is no estimate: their direct contact buttons. */
function FollowUp({ agent }: { agent: ReportAgent }) {
  const links = [
    { href: phoneHref('tel', agent.phone), label: 'Call', channel: 'call' },
    { href: phoneHref('sms', agent.phone), label: 'Text', channel: 'text' },
    { href: mailHref(agent.email), label: 'Email', channel: 'email' },
  ].filter((l): l is { href: string; label: string; channel: string } => !!l.href);
  if (!links.length) return null;
  return (
    <div className="contact" style={{ marginTop: '0.75rem' }}>
      {links.map((l) => (
        <a key={l.channel} className="btn" href={l.href} data-track="contact_tap" data-channel={l.channel} aria-label={`${l.label} ${agent.name}`}>
          {l.label} {agent.name.split(/\s+/)[0]}
        </a>
      ))}
    </div>
  );
}

export function EstimateSection({ valuation, agent }: { valuation: Valuation | null; agent: ReportAgent }) {
  const agentName = agent.name;
  const est = valuation?.estimate ?? null;
  const conf = valuation?.confidence ? CONFIDENCE[valuation.confidence] : null;
  return (
    <section className="card section estimate-card" aria-labelledby="estimate-h" data-section="estimate">
      <h2 id="estimate-h">Estimated value</h2>
      {est ? (
        <>
          <p className="estimate-value" data-testid="estimate-value">
            {money(est.value)}
          </p>
          <p className="muted small" style={{ marginTop: '-0.25rem' }}>
            Estimated market value as of {date(valuation?.valuationDate)}
          </p>
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
          <FollowUp agent={agent} />
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
