import type { CompDetail, Subject } from '@opencma/core';
import { compPlot } from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';

/**
 * Where the comparable sales are relative to the home: an inline SVG plot (north up, to scale,
 * distance rings), so it works without internet access or map tiles. Numbers match the comp list.
 */
export function compMap(subject: Subject, comps: CompDetail[]): SafeHtml | null {
  if (comps.length === 0) return null;
  const plot = compPlot(
    subject,
    comps.map((c) => c.sale),
  );
  const { size, ring } = plot;
  const half = size / 2;
  const label = `${ring.miles} mi`;
  return html`<section class="card section" aria-labelledby="map-h" data-section="map"><h2 id="map-h">Where these sales are</h2><p class="muted small">Your home is in the center; numbers match the sales listed below. North is up.</p><svg class="comp-map" viewBox="0 0 ${size} ${size}" role="img" aria-labelledby="map-t"><title id="map-t">Map of your home and ${
    comps.length
  } comparable sales within ${label}</title><circle cx="${half}" cy="${half}" r="${ring.r}" class="ring"></circle><circle cx="${half}" cy="${half}" r="${
    ring.r / 2
  }" class="ring"></circle><line x1="${half}" x2="${half}" y1="${half - ring.r}" y2="${half + ring.r}" class="axis"></line><line x1="${half - ring.r}" x2="${
    half + ring.r
  }" y1="${half}" y2="${half}" class="axis"></line><text x="${half + 4}" y="${half - ring.r + 11}" class="ring-label">${label}</text><text x="${half}" y="12" class="north" text-anchor="middle">N</text>${plot.points.map(
    (p) =>
      html`<g class="pin"><circle cx="${p.x}" cy="${p.y}" r="9"></circle><text x="${p.x}" y="${p.y + 3.5}" text-anchor="middle">${p.n}</text></g>`,
  )}<g class="home"><rect x="${half - 8}" y="${half - 8}" width="16" height="16" rx="3" transform="rotate(45 ${half} ${half})"></rect></g></svg><p class="map-legend small"><span class="legend-home" aria-hidden="true"></span> Your home <span class="legend-pin" aria-hidden="true"></span> Comparable sale</p></section>`;
}
