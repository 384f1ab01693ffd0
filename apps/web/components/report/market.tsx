import type { MarketStats } from '@opencma/core';
import { date, money, monthShort, moneyShort, number, percent } from '../../lib/format';
import { BarChart } from './bar-chart';

function longMonth(yyyymm: string): string {
  return date(yyyymm.slice(0, 7));
}

export function MarketSection({ market }: { market: MarketStats }) {
  const bars = market.monthly.map((m) => ({
    label: monthShort(m.month),
    longLabel: longMonth(m.month),
    value: m.medianPricePerSqft,
  }));
  return (
    <section className="card section" aria-labelledby="market-h">
      <h2 id="market-h">Market statistics</h2>
      <p className="muted small">
        {market.areaLabel} · as of {date(market.asOf)}
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
        {market.activeListings !== null && (
          <div className="stat">
            <dt>Active listings</dt>
            <dd>{number(market.activeListings)}</dd>
          </div>
        )}
      </dl>
      {bars.some((b) => b.value !== null) && (
        <>
          <h3>Median price per square foot by month</h3>
          <BarChart id="ppsf" title="Median price per square foot by month" bars={bars} format={(n) => moneyShort(n)} />
        </>
      )}
    </section>
  );
}
