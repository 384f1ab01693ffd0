import type { MarketStats } from '@opencma/core';
import { date, money, monthShort, moneyShort, number, percent } from '../../lib/format';
import { BarChart } from './bar-chart';
import { PriceDistribution } from './price-distribution';

function longMonth(yyyymm: string): string {
  return date(yyyymm.slice(0, 7));
}

export function MarketSection({ market }: { market: MarketStats }) {
  const bars = (value: (m: MarketStats['monthly'][number]) => number | null) =>
    market.monthly.map((m) => ({ label: monthShort(m.month), longLabel: longMonth(m.month), value: value(m) }));
  const ppsf = bars((m) => m.medianPricePerSqft);
  const price = bars((m) => m.medianPrice);
  const trend = ppsf.some((b) => b.value !== null) ? { bars: ppsf, what: 'Median price per square foot' } : { bars: price, what: 'Median sale price' };
  const volume = bars((m) => m.sales);
  // A feed without active listings reports 0 listings and no days on market: show neither.
  const showInventory = market.activeListings !== null && (market.activeListings > 0 || market.medianDaysOnMarket !== null);
  return (
    <section className="card section" aria-labelledby="market-h" data-section="market">
      <h2 id="market-h">Market statistics</h2>
      <p className="muted small">
        {market.areaLabel} · through {date(market.asOf)}
      </p>
      <dl className="stats">
        <div className="stat">
          <dt>Median sale price</dt>
          <dd>{moneyShort(market.medianPrice)}</dd>
        </div>
        <div className="stat">
          <dt>Median price / sq ft</dt>
          <dd>{money(market.medianPricePerSqft)}</dd>
        </div>
        {market.priceChangeYoY !== null && (
          <div className="stat">
            <dt>$/sq ft vs last year</dt>
            <dd>{percent(market.priceChangeYoY)}</dd>
          </div>
        )}
        <div className="stat">
          <dt>Homes sold</dt>
          <dd>{number(market.salesCount)}</dd>
        </div>
        {market.medianDaysOnMarket !== null && (
          <div className="stat">
            <dt>Median days on market</dt>
            <dd>{number(market.medianDaysOnMarket)}</dd>
          </div>
        )}
        {showInventory && (
          <div className="stat">
            <dt>Active listings</dt>
            <dd>{number(market.activeListings)}</dd>
          </div>
        )}
      </dl>
      {trend.bars.some((b) => b.value !== null) && (
        <figure className="figure">
          <figcaption>
            <h3>{trend.what} by month</h3>
          </figcaption>
          <BarChart id="trend" title={`${trend.what} by month`} bars={trend.bars} format={(n) => moneyShort(n)} />
        </figure>
      )}
      {volume.some((b) => (b.value ?? 0) > 0) && (
        <figure className="figure">
          <figcaption>
            <h3>Homes sold by month</h3>
          </figcaption>
          <BarChart id="volume" title="Homes sold by month" bars={volume} format={(n) => number(n)} variant="muted" />
        </figure>
      )}
      <PriceDistribution buckets={market.priceDistribution} />
    </section>
  );
}
