import { axisTicks, date, html, monthAxis, type SafeHtml } from '@opencma/view';

export interface BarDatum {
  /** YYYY-MM */
  month: string;
  value: number | null;
  /** A month the data does not cover to its end: not charted, its label marked "*". */
  partial?: boolean;
}

export interface BarChartOptions {
  title: string;
  color: string;
  width?: number;
  height?: number;
  formatValue: (n: number) => string;
}

/** A small self-contained SVG bar chart (no script, no external resources). Missing months leave a gap. */
export function barChartSvg(data: readonly BarDatum[], opts: BarChartOptions): SafeHtml {
  const width = opts.width ?? 340;
  const height = opts.height ?? 150;
  const pad = { top: 10, right: 16, bottom: 28, left: 44 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = data.map((d) => d.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (data.length === 0 || values.length === 0) {
    return html`<svg role="img" aria-label="${opts.title}: no data" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="${
      width / 2
    }" y="${height / 2}" text-anchor="middle" font-size="11" fill="#6b7280">Not enough sales to chart</text></svg>`;
  }
  // the page's axis rule (@opencma/view axisTicks): from zero to a round top, gridlines at 0, half and top
  const ticks = axisTicks(Math.max(...values));
  const top = ticks[2];
  const scale = (v: number) => (v / top) * plotH;
  const slot = plotW / data.length;
  const barW = Math.max(2, slot * 0.72);
  const gridlines = ticks.map((t, i) => {
    const y = pad.top + plotH - scale(t);
    return html`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${i === 0 ? '#9ca3af' : '#e5e7eb'}" stroke-width="${
      i === 0 ? 1 : 0.7
    }"/><text x="${pad.left - 5}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="8.5" fill="#6b7280">${opts.formatValue(t)}</text>`;
  });
  const labelEvery = Math.max(1, Math.ceil(data.length / 6));
  const axis = monthAxis(data.map((d) => d.month));
  const bars = data.map((d, i) => {
    const x = pad.left + i * slot + (slot - barW) / 2;
    const known = d.value !== null && Number.isFinite(d.value);
    const h = known ? Math.max(d.value! > 0 ? 1 : 0, scale(Math.max(0, d.value!))) : 0;
    return html`${
      known &&
      html`<rect x="${x.toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="1.5" fill="${opts.color}"><title>${date(
        d.month.slice(0, 7),
      )}: ${opts.formatValue(d.value!)}</title></rect>`
    }${
      // every labelEvery-th month from the last, and each month with a year (its neighbours then give way)
      (axis[i]!.year || ((data.length - 1 - i) % labelEvery === 0 && (labelEvery === 1 || !(axis[i - 1]?.year || axis[i + 1]?.year)))) &&
      html`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 12}" text-anchor="middle" font-size="8.5" fill="#6b7280">${axis[i]!.month}${d.partial ? '*' : ''}</text>${
        axis[i]!.year &&
        html`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 2}" text-anchor="middle" font-size="7.5" fill="#6b7280">${axis[i]!.year}</text>`
      }`
    }`;
  });
  return html`<svg role="img" aria-label="${opts.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="Arial, 'Liberation Sans', sans-serif">${gridlines}${bars}</svg>`;
}
