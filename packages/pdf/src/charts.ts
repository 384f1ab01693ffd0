import { date, html, monthShort, type SafeHtml } from '@opencma/view';

export interface BarDatum {
  /** YYYY-MM */
  month: string;
  value: number | null;
}

export interface BarChartOptions {
  title: string;
  color: string;
  width?: number;
  height?: number;
  formatValue: (n: number) => string;
  /** Start the axis at zero (default). false: start just below the smallest value, to show a trend. */
  zeroBased?: boolean;
  /** Values are counts: integer ticks. */
  integer?: boolean;
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * exp >= raw) return m * exp;
  }
  return 10 * exp;
}

/** Axis from `lo` to `hi` in `ticks` equal, round steps. */
function niceAxis(min: number, max: number, ticks: number, integer: boolean): { lo: number; hi: number; step: number } {
  let step = niceStep((max - min) / ticks);
  if (integer) step = Math.max(1, Math.ceil(step));
  const lo = Math.floor(min / step) * step;
  let hi = lo + step * ticks;
  while (hi < max) {
    step = niceStep(step * 1.01);
    hi = Math.floor(min / step) * step + step * ticks;
  }
  return { lo: Math.floor(min / step) * step, hi, step };
}

/** A small self-contained SVG bar chart (no script, no external resources). Missing months leave a gap. */
export function barChartSvg(data: readonly BarDatum[], opts: BarChartOptions): SafeHtml {
  const width = opts.width ?? 340;
  const height = opts.height ?? 150;
  const pad = { top: 10, right: 16, bottom: 22, left: 44 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = data.map((d) => d.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (data.length === 0 || values.length === 0) {
    return html`<svg role="img" aria-label="${opts.title}: no data" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="${
      width / 2
    }" y="${height / 2}" text-anchor="middle" font-size="11" fill="#6b7280">Not enough sales to chart</text></svg>`;
  }
  const vmax = Math.max(...values);
  const vmin = Math.min(...values);
  const zero = opts.zeroBased ?? true;
  const floor = zero ? 0 : Math.max(0, vmin - Math.max((vmax - vmin) * 0.6, vmax * 0.02));
  const axis = niceAxis(floor, Math.max(vmax, floor + 1), 3, opts.integer ?? false);
  const scale = (v: number) => ((v - axis.lo) / (axis.hi - axis.lo)) * plotH;
  const slot = plotW / data.length;
  const barW = Math.max(2, slot * 0.72);
  const gridlines = [0, 1, 2, 3].map((i) => {
    const y = pad.top + plotH - scale(axis.lo + axis.step * i);
    return html`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${i === 0 ? '#9ca3af' : '#e5e7eb'}" stroke-width="${
      i === 0 ? 1 : 0.7
    }"/><text x="${pad.left - 5}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="8.5" fill="#6b7280">${opts.formatValue(axis.lo + axis.step * i)}</text>`;
  });
  const labelEvery = Math.max(1, Math.ceil(data.length / 6));
  const bars = data.map((d, i) => {
    const x = pad.left + i * slot + (slot - barW) / 2;
    const known = d.value !== null && Number.isFinite(d.value);
    const h = known ? Math.max(d.value! > axis.lo ? 1 : 0, scale(Math.max(axis.lo, d.value!))) : 0;
    return html`${
      known &&
      html`<rect x="${x.toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="1.5" fill="${opts.color}"><title>${date(
        d.month.slice(0, 7),
      )}: ${opts.formatValue(d.value!)}</title></rect>`
    }${
      (data.length - 1 - i) % labelEvery === 0 &&
      html`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="8.5" fill="#6b7280">${monthShort(d.month)}</text>`
    }`;
  });
  return html`<svg role="img" aria-label="${opts.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="Arial, 'Liberation Sans', sans-serif">${gridlines}${bars}</svg>`;
}
