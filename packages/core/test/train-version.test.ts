import { describe, expect, it } from 'vitest';
import { trainMarketTrees, trainMarketVersion } from '../src/index';
import { market } from './helpers';

describe('trainMarketVersion (the worker and train-model CLI path)', () => {
  const sales = market(1200, 21);
  const asOf = '2014-12-01';
  const gbtParams = { trees: 40 };

  it('never learns from sales on or after its date: adding them changes nothing', async () => {
    const a = await trainMarketVersion({ market: 'test', sales, asOf, gbtParams });
    // Later sales (from the as-of day on) at three times the price, and one more on the day itself.
    const late = market(400, 22).map((s, i) => ({ ...s, id: `late-${i}`, closeDate: i === 0 ? asOf : '2014-12-20', closePrice: s.closePrice * 3 }));
    const seen: string[] = [];
    const b = await trainMarketVersion({
      market: 'test',
      sales: [...late, ...sales],
      asOf,
      gbtParams,
      pause: async () => {
        seen.push('pause');
      },
    });
    expect(a).not.toBeNull();
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(seen.length).toBeGreaterThan(0);
    expect(a!.version).toBe('test@2014-12-01');
    expect(a!.trainedOn.lastSale! < asOf).toBe(true);
    expect(a!.trainedOn.sales).toBe(sales.filter((s) => s.closeDate < asOf).length);
    // Blend and calibration come from the forward backtest of the 91 days before, all earlier sales.
    expect(a!.validation!.from).toBe('2014-09-01');
    expect(a!.validation!.to).toBe('2014-11-30');
    expect(a!.validation!.subjects).toBeGreaterThan(100);
    expect(a!.blend.compsWeight).toBeGreaterThanOrEqual(0);
    expect(a!.blend.compsWeight).toBeLessThanOrEqual(1);
    expect(a!.calibration.k.high).toBeGreaterThan(0);
  });

  it('asks the tree source for its own date first and stops when there are no trees', async () => {
    const asked: string[] = [];
    await trainMarketVersion({
      market: 'test',
      sales,
      asOf,
      treesAsOf: (d) => {
        asked.push(d);
        return null;
      },
    });
    expect(asked[0]).toBe(asOf);
    // With no final trees there is no version, and nothing else is asked.
    expect(asked).toEqual([asOf]);
  });

  it('with trainTreesMany asks once for every date it needs and makes the same version', async () => {
    const sequential = await trainMarketVersion({ market: 'test', sales, asOf, gbtParams });
    const asked: string[][] = [];
    const viaHook = await trainMarketVersion({
      market: 'test',
      sales,
      asOf,
      gbtParams,
      // Trained out of order (as threads would finish), as trainMarketTrees on the same sales.
      trainTreesMany: async (dates) => {
        asked.push(dates);
        return new Map([...dates].reverse().map((d) => [d, trainMarketTrees({ sales, asOf: d, params: gbtParams })]));
      },
      treesAsOf: () => {
        throw new Error('not asked when trainTreesMany trained the dates');
      },
    });
    expect(viaHook).not.toBeNull();
    expect(viaHook).toEqual(sequential);
    expect(asked).toHaveLength(1);
    const [dates] = asked as [string[]];
    expect(dates[0]).toBe(asOf);
    // Every Monday of the 91-day window (2014-09-01 … 2014-11-24), once each.
    expect(dates.slice(1)).toEqual([...new Set(dates.slice(1))].sort());
    expect(dates.length).toBe(14);
    expect(dates.slice(1).every((d) => d >= '2014-09-01' && d < asOf && new Date(`${d}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('fails when trainTreesMany leaves out a date it was asked for', async () => {
    await expect(
      trainMarketVersion({ market: 'test', sales, asOf, gbtParams, trainTreesMany: async (dates) => new Map(dates.slice(1).map((d) => [d, null])) }),
    ).rejects.toThrow(/no trees for 2014-12-01/);
  });

  it('returns null when the market has fewer than 200 earlier sales', async () => {
    expect(await trainMarketVersion({ market: 'small', sales: sales.slice(0, 150), asOf, gbtParams })).toBeNull();
    await expect(trainMarketVersion({ market: 'x', sales, asOf: 'soon' })).rejects.toThrow(RangeError);
  });
});
