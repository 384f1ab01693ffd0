import type { MarketStats } from '@opencma/core';
import { date, html, money, moneyShort, number, percent, type ReportStory, type SafeHtml, signedPercent } from '@opencma/view';
import { barChartSvg } from '../charts';
import { priceDistribution } from './price-distribution';

function kpi(k: string, v: string, cls = ''): SafeHtml {
  return html`<div class="kpi"><div class="k">${k}</div><div class="v ${cls}">${v}</div></div>`;
}

/** Market statistics: key figures, the monthly charts and the price bands, with the page's figures. */
export function marketSection(m: MarketStats | null, story: ReportStory, accent: string): SafeHtml {
  if (!m || !story.market) {
    return html`<section data-section="market"><h2>Your local market</h2><p class="muted">Market statistics are not available for this area.</p></section>`;
  }
  // the change the market sentence states (12-month trend, or year over year), so the figure and the words agree
  const yoy = story.market.trend;
  // A feed without active listings reports 0 listings and no days on market: show neither (as the page).
  const showInventory = m.activeListings !== null && (m.activeListings > 0 || m.medianDaysOnMarket !== null);
  const kpis = [
    kpi('Median sale price', moneyShort(m.medianPrice)),
    kpi('Median $/sq ft', money(m.medianPricePerSqft)),
    yoy !== null && kpi('$/sq ft, past year', signedPercent(yoy), yoy >= 0 ? 'up' : 'down'),
    kpi('Homes sold', number(m.salesCount)),
    m.medianDaysOnMarket !== null && kpi('Median days on market', number(m.medianDaysOnMarket)),
    m.medianSaleToList != null && kpi('Sale-to-list price', percent(m.medianSaleToList, 0)),
    showInventory && kpi('Active listings', number(m.activeListings)),
  ];
  const ppsf = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.complete === false ? null : p.medianPricePerSqft, partial: p.complete === false })),
    { title: 'Median price per square foot by month', color: accent, formatValue: money },
  );
  const count = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.complete === false ? null : p.sales, partial: p.complete === false })),
    { title: 'Homes sold by month', color: '#6b7280', formatValue: number },
  );
  return html`<section data-section="market"><h2>Your local market</h2>
<p class="market-story">${story.market.sentence}</p>
<p class="muted" style="margin:0 0 8px">Sales ${story.market.area}, 12 months through ${date(m.asOf)}.</p>
<div class="kpis">${kpis}</div>
<div class="charts">
  <div class="chart"><h3>Median $/sq ft by month</h3>${ppsf}</div>
  <div class="chart"><h3>Homes sold by month</h3>${count}</div>
</div>
${story.market.partialNote && html`<p class="muted" style="margin:4px 0 0">* ${story.market.partialNote}</p>`}
${priceDistribution(m)}
</section>`;
}
