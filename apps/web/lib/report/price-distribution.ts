import type { PriceBucket } from '@opencma/core';
import { html, moneyShort, number, type SafeHtml } from '@opencma/view';
import { percentClass } from '../page/percent-classes';

/** How many homes sold in each price band: horizontal bars in HTML (readable at any width). */
export function priceDistribution(buckets: PriceBucket[]): SafeHtml | null {
  const shown = buckets.length <= 12 ? buckets : buckets.filter((b) => b.count > 0);
  if (!shown.some((b) => b.count > 0)) return null;
  const max = Math.max(...shown.map((b) => b.count));
  return html`<figure class="figure"><figcaption><h3 id="dist-h">Sale prices</h3></figcaption><table class="dist" aria-labelledby="dist-h"><thead class="sr-only"><tr><th scope="col">Price band</th><th scope="col">Homes sold</th></tr></thead><tbody>${shown.map(
    (b) =>
      html`<tr><th scope="row">${moneyShort(b.min)} – ${moneyShort(b.max)}</th><td><span class="dist-bar ${percentClass('w', max > 0 ? (b.count / max) * 100 : 0)}" aria-hidden="true"></span><span class="dist-n">${number(b.count)}</span></td></tr>`,
  )}</tbody></table></figure>`;
}
