/**
 * A small dependency-free bar chart: bars in an SVG that stretches to its box, labels in HTML so
 * they keep a readable size at any width. Server-rendered, no JS.
 */
export interface Bar {
  /** Short axis label, e.g. "Mar". */
  label: string;
  /** Full label for the accessible description, e.g. "Mar 2025". */
  longLabel: string;
  value: number | null;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  const n = v / mag;
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => n <= s) ?? 10;
  return step * mag;
}

export function BarChart({
  id,
  title,
  bars,
  format,
  variant,
}: {
  id: string;
  title: string;
  bars: Bar[];
  format: (n: number) => string;
  variant?: 'muted';
}) {
  const known = bars.filter((b): b is Bar & { value: number } => typeof b.value === 'number' && Number.isFinite(b.value));
  if (known.length === 0) return null;
  const max = niceMax(Math.max(...known.map((b) => b.value)));
  const slot = 10;
  const w = bars.length * slot;
  const labelEvery = bars.length > 12 ? Math.ceil(bars.length / 12) : 1;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const desc = `${known.length} months, from ${format(first.value)} in ${first.longLabel} to ${format(last.value)} in ${last.longLabel}.`;

  return (
    <div className={variant ? `chart chart-${variant}` : 'chart'}>
      <div className="chart-y" aria-hidden="true">
        <span>{format(max)}</span>
        <span>{format(max / 2)}</span>
        <span>{format(0)}</span>
      </div>
      <div className="chart-plot">
        <svg viewBox={`0 0 ${w} 100`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-t ${id}-d`}>
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>{desc}</desc>
          {[0, 50, 100].map((y) => (
            <line key={y} x1={0} x2={w} y1={y} y2={y} className="grid" vectorEffect="non-scaling-stroke" />
          ))}
          {bars.map((b, i) =>
            typeof b.value === 'number' && Number.isFinite(b.value) ? (
              <rect key={i} className="bar" x={i * slot + 1.6} width={slot - 3.2} y={100 - (b.value / max) * 100} height={(b.value / max) * 100}>
                <title>{`${b.longLabel}: ${format(b.value)}`}</title>
              </rect>
            ) : null,
          )}
        </svg>
        <div className="chart-x" aria-hidden="true">
          {bars.map((b, i) => (
            <span key={i}>{i % labelEvery === 0 ? b.label : ''}</span>
          ))}
        </div>
      </div>
    </div>
  );
}
