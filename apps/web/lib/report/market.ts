import type { MarketStats } from '@opencma/core';
import { date, html, money, moneyShort, monthShort, number, type SafeHtml, signedPercent } from '@opencma/view';
import { barChart, type Bar } from './bar-chart';
import { priceDistribution } from './price-distribution';

const stat = (term: string, value: string) => html`<div class="stat"><dt>${term}</dt><dd>${value}</dd></div>`;

const figure = (heading: string, chart: SafeHtml | null) =>
  html`<figure class="figure"><figcaption><h3>${heading}</h3></figcaption>${chart}</figure>`;

export function marketSection(market: MarketStats): SafeHtml {
  const bars = (value: (m: MarketStats['monthly'][number]) => number | null): Bar[] =>
    market.monthly.map((m) => ({ label: monthShort(m.month), longLabel: date(m.month.slice(0, 7)), value: value(m) }));
  const ppsf = bars((m) => m.medianPricePerSqft);
  const price = bars((m) => m.medianPrice);
  const trend = ppsf.some((b) => b.value !== null)
    ? { bars: ppsf, what: 'Median price per square foot' }
    : { bars: price, what: 'Median sale price' };
  const volume = bars((m) => m.sales);
  // A feed without active listings reports 0 listings and no days on market: show neither.
  const showInventory = market.activeListings !== null && (market.activeListings > 0 || market.medianDaysOnMarket !== null);
  return html`<section class="card section" aria-labelledby="market-h" data-section="market"><h2 id="market-h">Market statistics</h2><p class="muted small">${
    market.areaLabel
  } · through ${date(market.asOf)}</p><dl class="stats">${[
    stat('Median sale price', moneyShort(market.medianPrice)),
    stat('Median price / sq ft', money(market.medianPricePerSqft)),
    market.priceChangeYoY !== null && stat('$/sq ft vs last year', signedPercent(market.priceChangeYoY)),
    stat('Homes sold', number(market.salesCount)),
    market.medianDaysOnMarket !== null && stat('Median days on market', number(market.medianDaysOnMarket)),
    showInventory && stat('Active listings', number(market.activeListings)),
  ]}</dl>${
    trend.bars.some((b) => b.value !== null) &&
    figure(`${trend.what} by month`, barChart({ id: 'trend', title: `${trend.what} by month`, bars: trend.bars, format: (n) => moneyShort(n) }))
  }${
    volume.some((b) => (b.value ?? 0) > 0) &&
    figure('Homes sold by month', barChart({ id: 'volume', title: 'Homes sold by month', bars: volume, format: (n) => number(n), variant: 'muted' }))
  }${priceDistribution(market.priceDistribution)}</section>`;
}
