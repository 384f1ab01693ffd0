import type { MarketStats } from '@opencma/core';
import { html, moneyShort, number, type SafeHtml } from '@opencma/view';

/** How many homes sold in each price band, as bars in a table (the page's bands and labels). */
export function priceDistribution(m: MarketStats): SafeHtml | null {
  const buckets = m.priceDistribution.filter((b) => b.count > 0 || m.priceDistribution.length <= 12);
  if (!buckets.length) return null;
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const rows = buckets.map(
    (b) => html`<tr><td style="width:32%;border:0;padding:1px 5px" class="num">${moneyShort(b.min)} – ${moneyShort(b.max)}</td>
<td style="border:0;padding:1px 5px"><div style="height:8px;border-radius:2px;background:#9ca3af;width:${((b.count / max) * 100).toFixed(1)}%"></div></td>
<td style="width:8%;border:0;padding:1px 5px" class="num">${number(b.count)}</td></tr>`,
  );
  return html`<div style="margin-top:10px"><h3 style="font-size:10.5px;margin-bottom:3px">Sale prices</h3><table>${rows}</table></div>`;
}
