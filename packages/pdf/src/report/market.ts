import type { MarketStats } from '@opencma/core';
import { date, html, money, moneyShort, number, type SafeHtml, signedPercent } from '@opencma/view';
import { barChartSvg } from '../charts';
import { priceDistribution } from './price-distribution';

function kpi(k: string, v: string, cls = ''): SafeHtml {
  return html`<div class="kpi"><div class="k">${k}</div><div class="v ${cls}">${v}</div></div>`;
}

/** Market statistics: key figures, the monthly charts and the price bands, with the page's figures. */
export function marketSection(m: MarketStats | null, accent: string): SafeHtml {
  if (!m) {
    return html`<section data-section="market"><h2>Market statistics</h2><p class="muted">Market statistics are not available for this area.</p></section>`;
  }
  const yoy = m.priceChangeYoY;
  // A feed without active listings reports 0 listings and no days on market: show neither (as the page).
  const showInventory = m.activeListings !== null && (m.activeListings > 0 || m.medianDaysOnMarket !== null);
  const kpis = [
    kpi('Median sale price', moneyShort(m.medianPrice)),
    kpi('Median $/sq ft', money(m.medianPricePerSqft)),
    kpi('$/sq ft vs last year', signedPercent(yoy), yoy === null ? '' : yoy >= 0 ? 'up' : 'down'),
    kpi('Homes sold', number(m.salesCount)),
    m.medianDaysOnMarket !== null && kpi('Median days on market', number(m.medianDaysOnMarket)),
    showInventory && kpi('Active listings', number(m.activeListings)),
  ];
  const ppsf = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.medianPricePerSqft })),
    { title: 'Median price per square foot by month', color: accent, formatValue: money, zeroBased: false },
  );
  const count = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.sales })),
    { title: 'Homes sold by month', color: '#6b7280', formatValue: number, integer: true },
  );
  return html`<section data-section="market"><h2>Market statistics</h2>
<p class="muted" style="margin:0 0 8px">Sales ${m.areaLabel}, through ${date(m.asOf)}.</p>
<div class="kpis">${kpis}</div>
<div class="charts">
  <div class="chart"><h3>Median $/sq ft by month</h3>${ppsf}</div>
  <div class="chart"><h3>Homes sold by month</h3>${count}</div>
</div>
${priceDistribution(m)}
</section>`;
}
