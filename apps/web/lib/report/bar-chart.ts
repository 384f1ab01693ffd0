/**
 * A small dependency-free bar chart: bars in an SVG that stretches to its box, labels in HTML so
 * they keep a readable size at any width. No JS.
 */
import { axisTicks, html, type SafeHtml } from '@opencma/view';

export interface Bar {
  /** Short axis label, e.g. "Mar". */
  label: string;
  /** The year shown under the label (the first month and each January), else null. */
  year?: string | null;
  /** Full label for the accessible description, e.g. "Mar 2025". */
  longLabel: string;
  value: number | null;
}

const known = (b: Bar): b is Bar & { value: number } => typeof b.value === 'number' && Number.isFinite(b.value);

export function barChart(opts: { id: string; title: string; bars: Bar[]; format: (n: number) => string; variant?: 'muted' }): SafeHtml | null {
  const { id, title, bars, format, variant } = opts;
  const shown = bars.filter(known);
  if (shown.length === 0) return null;
  const [zero, half, max] = axisTicks(Math.max(...shown.map((b) => b.value)));
  const slot = 10;
  const w = bars.length * slot;
  const labelEvery = bars.length > 12 ? Math.ceil(bars.length / 12) : 1;
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const desc = `${shown.length} months, from ${format(first.value)} in ${first.longLabel} to ${format(last.value)} in ${last.longLabel}.`;
  return html`<div class="${variant ? `chart chart-${variant}` : 'chart'}"><div class="chart-y" aria-hidden="true"><span>${format(max)}</span><span>${format(half)}</span><span>${format(zero)}</span></div><div class="chart-plot"><svg viewBox="0 0 ${w} 100" preserveAspectRatio="none" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>${[
    0, 50, 100,
  ].map((y) => html`<line x1="0" x2="${w}" y1="${y}" y2="${y}" class="grid" vector-effect="non-scaling-stroke"></line>`)}${bars.map((b, i) =>
    known(b)
      ? html`<rect class="bar" x="${i * slot + 1.6}" width="${slot - 3.2}" y="${100 - (b.value / max) * 100}" height="${(b.value / max) * 100}"><title>${b.longLabel}: ${format(
          b.value,
        )}</title></rect>`
      : null,
  )}</svg><div class="chart-x" aria-hidden="true">${bars.map((b, i) =>
    i % labelEvery === 0 && b.year
      ? html`<span class="has-year">${b.label}<span class="year">${b.year}</span></span>`
      : html`<span>${i % labelEvery === 0 ? b.label : ''}</span>`,
  )}</div></div></div>`;
}
