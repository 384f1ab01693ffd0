import type { CompDetail, Subject } from '@opencma/core';
import { compPlot } from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';

/** The page's map as a static SVG: subject in the centre, comps numbered in the given order (as in the table). */
export function compPlotSvg(subject: Subject, comps: CompDetail[], color: string, displaySize = 200): SafeHtml {
  const size = 300; // drawn on the page's 300-unit grid, shown at displaySize
  const plot = compPlot(
    subject,
    comps.map((c) => c.sale),
    size,
  );
  const half = size / 2;
  const r = plot.ring.r;
  const pins = plot.points.map(
    (p) =>
      html`<circle cx="${p.x}" cy="${p.y}" r="9.5" fill="${color}" stroke="#fff" stroke-width="1.5"/><text x="${p.x}" y="${(p.y + 4).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="700" fill="#fff">${p.n}</text>`,
  );
  return html`<svg role="img" aria-label="Home and ${comps.length} comparable sales within ${plot.ring.miles} mi" viewBox="0 0 ${size} ${size}" width="${displaySize}" height="${displaySize}" xmlns="http://www.w3.org/2000/svg" font-family="Arial, 'Liberation Sans', sans-serif">
<circle cx="${half}" cy="${half}" r="${r}" fill="none" stroke="#d1d5db" stroke-dasharray="3 3"/>
<circle cx="${half}" cy="${half}" r="${(r / 2).toFixed(1)}" fill="none" stroke="#d1d5db" stroke-dasharray="3 3"/>
<line x1="${half}" x2="${half}" y1="${(half - r).toFixed(1)}" y2="${(half + r).toFixed(1)}" stroke="#eef0f3"/>
<line x1="${(half - r).toFixed(1)}" x2="${(half + r).toFixed(1)}" y1="${half}" y2="${half}" stroke="#eef0f3"/>
<text x="${half + 4}" y="${(half - r + 12).toFixed(1)}" font-size="11" fill="#6b7280">${plot.ring.miles} mi</text>
<text x="${half}" y="12" text-anchor="middle" font-size="12" font-weight="700" fill="#6b7280">N</text>
${pins}
<rect x="${half - 8}" y="${half - 8}" width="16" height="16" rx="3" fill="#b45309" stroke="#fff" stroke-width="2" transform="rotate(45 ${half} ${half})"/>
</svg>`;
}
