import type { MarketStats } from '@opencma/core';
import { date, html, money, moneyShort, monthAxis, number, percent, type ReportStory, type SafeHtml, signedPercent } from '@opencma/view';
import { barChart, type Bar } from './bar-chart';
import { priceDistribution } from './price-distribution';

const stat = (term: string, value: string) => html`<div class="stat"><dt>${term}</dt><dd>${value}</dd></div>`;

const figure = (heading: string, chart: SafeHtml | null) =>
  html`<figure class="figure"><figcaption><h3>${heading}</h3></figcaption>${chart}</figure>`;

/** The market's story (one sentence from the core's account), its figures and its monthly charts; partial months marked, not charted. */
export function marketSection(market: MarketStats, story: NonNullable<ReportStory['market']>): SafeHtml {
  const axis = monthAxis(market.monthly.map((m) => m.month));
  const bars = (value: (m: MarketStats['monthly'][number]) => number | null): Bar[] =>
    market.monthly.map((m, i) => ({
      label: m.complete === false ? `${axis[i]!.month}*` : axis[i]!.month,
      year: axis[i]!.year,
      longLabel: date(m.month.slice(0, 7)),
      value: m.complete === false ? null : value(m),
    }));
  const ppsf = bars((m) => m.medianPricePerSqft);
  const price = bars((m) => m.medianPrice);
  const trend = ppsf.some((b) => b.value !== null)
    ? { bars: ppsf, what: 'Median price per square foot' }
    : { bars: price, what: 'Median sale price' };
  const volume = bars((m) => m.sales);
  // A feed without active listings reports 0 listings and no days on market: show neither.
  const showInventory = market.activeListings !== null && (market.activeListings > 0 || market.medianDaysOnMarket !== null);
  return html`<section class="card section" aria-labelledby="market-h" data-section="market"><h2 id="market-h">Your local market</h2><p class="market-story" data-testid="market-sentence">${
    story.sentence
  }</p><p class="muted small">Sales ${story.area}, 12 months through ${date(market.asOf)}</p><dl class="stats">${[
    stat('Median sale price', moneyShort(market.medianPrice)),
    stat('Median price / sq ft', money(market.medianPricePerSqft)),
    story.trend !== null && stat('$/sq ft, past year', signedPercent(story.trend)),
    stat('Homes sold', number(market.salesCount)),
    market.medianDaysOnMarket !== null && stat('Median days on market', number(market.medianDaysOnMarket)),
    market.medianSaleToList != null && stat('Sale-to-list price', percent(market.medianSaleToList, 0)),
    showInventory && stat('Active listings', number(market.activeListings)),
  ]}</dl>${
    trend.bars.some((b) => b.value !== null) &&
    figure(`${trend.what} by month`, barChart({ id: 'trend', title: `${trend.what} by month`, bars: trend.bars, format: (n) => moneyShort(n) }))
  }${
    volume.some((b) => (b.value ?? 0) > 0) &&
    figure('Homes sold by month', barChart({ id: 'volume', title: 'Homes sold by month', bars: volume, format: (n) => number(n), variant: 'muted' }))
  }${story.partialNote && html`<p class="small muted">* ${story.partialNote}</p>`}${priceDistribution(market.priceDistribution)}</section>`;
}
