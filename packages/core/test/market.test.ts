import { describe, expect, it } from 'vitest';
import { computeMarketStats } from '../src/index';
import { sale } from './helpers';

describe('computeMarketStats', () => {
  const sales = [
    sale({ closeDate: '2014-03-15', closePrice: 400_000, sqftLiving: 2000 }), // before the 12-month window
    sale({ closeDate: '2014-05-10', closePrice: 300_000, sqftLiving: 1500 }),
    sale({ closeDate: '2014-05-20', closePrice: 500_000, sqftLiving: 2000 }),
    sale({ closeDate: '2015-01-10', closePrice: 600_000, sqftLiving: 2000 }),
    sale({ closeDate: '2015-04-02', closePrice: 700_000, sqftLiving: 2000 }), // after the valuation date
    sale({ closeDate: '2015-04-20', closePrice: 900_000, sqftLiving: 2000 }), // after
  ];

  it('computes 12 monthly points up to the valuation month, medians and distribution', () => {
    const m = computeMarketStats({ sales, valuationDate: '2015-04-05', areaLabel: 'within 2 km' });
    expect(m.areaLabel).toBe('within 2 km');
    expect(m.asOf).toBe('2015-04-05');
    expect(m.monthly.map((p) => p.month)).toEqual([
      '2014-05',
      '2014-06',
      '2014-07',
      '2014-08',
      '2014-09',
      '2014-10',
      '2014-11',
      '2014-12',
      '2015-01',
      '2015-02',
      '2015-03',
      '2015-04',
    ]);
    expect(m.salesCount).toBe(4);
    expect(m.medianPrice).toBe(550_000);
    const may = m.monthly[0]!;
    expect(may.sales).toBe(2);
    expect(may.medianPrice).toBe(400_000);
    expect(may.medianPricePerSqft).toBe(225);
    expect(m.monthly[1]!.medianPrice).toBeNull();
    expect(m.monthly[11]!.sales).toBe(1);
    expect(m.priceDistribution.reduce((t, b) => t + b.count, 0)).toBe(4);
    for (const b of m.priceDistribution) expect(b.max).toBeGreaterThan(b.min);
    expect(m.priceChangeYoY).toBeNull(); // no full year before
    expect(m.activeListings).toBeNull();
    expect(m.medianDaysOnMarket).toBeNull();
  });

  it('reports active listings and median DOM when given', () => {
    const m = computeMarketStats({
      sales,
      valuationDate: '2015-04-05',
      areaLabel: 'ZIP 98101',
      activeListings: [
        { listPrice: 1, daysOnMarket: 10 },
        { listPrice: null, daysOnMarket: 30 },
        { listPrice: 2, daysOnMarket: null },
      ],
    });
    expect(m.activeListings).toBe(3);
    expect(m.medianDaysOnMarket).toBe(20);
  });

  it('computes year-over-year change of median $/sqft when both years are covered', () => {
    const many = [];
    for (let mo = 0; mo < 24; mo++) {
      const y = 2013 + Math.floor(mo / 12);
      const month = String((mo % 12) + 1).padStart(2, '0');
      const ppsf = mo < 12 ? 200 : 220;
      for (let k = 0; k < 2; k++) many.push(sale({ closeDate: `${y}-${month}-1${k}`, sqftLiving: 2000, closePrice: ppsf * 2000 }));
    }
    const m = computeMarketStats({ sales: many, valuationDate: '2014-12-31', areaLabel: 'x' });
    expect(m.priceChangeYoY).toBeCloseTo(0.1, 4);
  });

  it('marks the valuation month partial unless the valuation date ends it', () => {
    const partial = computeMarketStats({ sales, valuationDate: '2015-04-05', areaLabel: 'x' });
    expect(partial.monthly.map((m) => m.complete)).toEqual([...Array(11).fill(true), false]);
    const whole = computeMarketStats({ sales, valuationDate: '2015-04-30', areaLabel: 'x' });
    expect(whole.monthly.every((m) => m.complete)).toBe(true);
    expect(computeMarketStats({ sales, valuationDate: '2016-02-29', areaLabel: 'x' }).monthly[11]!.complete).toBe(true);
  });

  it('takes the 12-month trend, days on market, sale-to-list and median size from the same sales', () => {
    const many = [];
    for (let mo = 0; mo < 12; mo++) {
      const month = String(mo + 1).padStart(2, '0');
      const ppsf = 200 + mo * 2; // Jan 200 … Dec 222
      for (let k = 0; k < 4; k++) {
        many.push(
          sale({
            closeDate: `2014-${month}-1${k}`,
            sqftLiving: 1800 + k * 100,
            closePrice: ppsf * (1800 + k * 100),
            listPrice: ppsf * (1800 + k * 100) * 0.98,
            daysOnMarket: 10 + k,
          }),
        );
      }
    }
    const m = computeMarketStats({ sales: many, valuationDate: '2014-12-31', areaLabel: 'within 1 mile of the home', radiusMiles: 1 });
    // last 3 months (Oct–Dec: 218–222) against the first 3 (Jan–Mar: 200–204)
    expect(m.priceTrend12m).toBeCloseTo(220 / 202 - 1, 3);
    expect(m.medianDaysOnMarket).toBe(12); // the sales' own, not the active listings'
    expect(m.medianSaleToList).toBeCloseTo(1 / 0.98, 3);
    expect(m.medianSqftLiving).toBe(1950);
    expect(m.radiusMiles).toBe(1);
    // too few sales at either end: no trend rather than a noisy one
    expect(computeMarketStats({ sales: many.slice(0, 20), valuationDate: '2014-12-31', areaLabel: 'x' }).priceTrend12m).toBeNull();
  });

  it('handles no sales', () => {
    const m = computeMarketStats({ sales: [], valuationDate: '2015-01-01', areaLabel: 'x' });
    expect(m.salesCount).toBe(0);
    expect(m.medianPrice).toBeNull();
    expect(m.priceDistribution).toEqual([]);
    expect(m.monthly).toHaveLength(12);
  });
});
