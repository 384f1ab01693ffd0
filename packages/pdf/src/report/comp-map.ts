import type { CompDetail, Subject } from '@opencma/core';
import { html, miles, type SafeHtml } from '@opencma/view';
import { compPlotSvg } from '../comp-plot';

/** Where the comparable sales are: the page's map as a static SVG with its legend; nothing without a home or sales. */
export function compMapSection(subject: Subject | null, comps: CompDetail[], accent: string): SafeHtml | null {
  if (!subject || comps.length === 0) return null;
  const within = Math.max(...comps.map((c) => c.distanceKm));
  return html`<section data-section="map"><h2>Where these sales are</h2>
<div class="mapwrap">${compPlotSvg(subject, comps, accent, 180)}
<div class="legend">
  <p><span class="sw" style="background:#b45309;transform:rotate(45deg) scale(.8)"></span>This home &nbsp; <span class="sw" style="background:${accent};border-radius:50%"></span>Comparable sale (numbers match the table)</p>
  <p>${comps.length} sale${comps.length === 1 ? '' : 's'} within ${miles(within)}. North is up; rings show distance from the home.</p>
</div></div></section>`;
}
