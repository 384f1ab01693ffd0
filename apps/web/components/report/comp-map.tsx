import type { CompDetail, Subject } from '@opencma/core';
import { compPlot } from '@opencma/core';

/**
 * Where the comparable sales are relative to the home: an inline SVG plot (north up, to scale,
 * distance rings), so it works without internet access or map tiles. Numbers match the comp list.
 */
export function CompMap({ subject, comps }: { subject: Subject; comps: CompDetail[] }) {
  if (comps.length === 0) return null;
  const plot = compPlot(subject, comps.map((c) => c.sale));
  const { size, ring } = plot;
  const half = size / 2;
  const label = `${ring.miles} mi`;
  return (
    <section className="card section" aria-labelledby="map-h" data-section="map">
      <h2 id="map-h">Where these sales are</h2>
      <p className="muted small">Your home is in the centre; numbers match the sales listed below. North is up.</p>
      <svg className="comp-map" viewBox={`0 0 ${size} ${size}`} role="img" aria-labelledby="map-t">
        <title id="map-t">{`Map of your home and ${comps.length} comparable sales within ${label}`}</title>
        <circle cx={half} cy={half} r={ring.r} className="ring" />
        <circle cx={half} cy={half} r={ring.r / 2} className="ring" />
        <line x1={half} x2={half} y1={half - ring.r} y2={half + ring.r} className="axis" />
        <line x1={half - ring.r} x2={half + ring.r} y1={half} y2={half} className="axis" />
        <text x={half + 4} y={half - ring.r + 11} className="ring-label">
          {label}
        </text>
        <text x={half} y={12} className="north" textAnchor="middle">
          N
        </text>
        {plot.points.map((p) => (
          <g key={p.n} className="pin">
            <circle cx={p.x} cy={p.y} r={9} />
            <text x={p.x} y={p.y + 3.5} textAnchor="middle">
              {p.n}
            </text>
          </g>
        ))}
        <g className="home">
          <rect x={half - 8} y={half - 8} width={16} height={16} rx={3} transform={`rotate(45 ${half} ${half})`} />
        </g>
      </svg>
      <p className="map-legend small">
        <span className="legend-home" aria-hidden="true" /> Your home <span className="legend-pin" aria-hidden="true" /> Comparable sale
      </p>
    </section>
  );
}
