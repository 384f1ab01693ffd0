/** The market model's spatial-lag (neighbour) features and its per-sqft target: only earlier sales, never the same home. */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../src/dates';
import { type MarketTrees, predictMarketValue, trainMarketTrees, usableMarketTrees } from '../src/market-model/model';
import { compactNeighbourSales, type NeighbourSale, NeighbourIndex } from '../src/market-model/neighbours';
import { at, market, rng, subject, truePrice } from './helpers';

const DATE = '2015-01-01';

function scatter(n: number, seed: number): NeighbourSale[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    ...at((r() - 0.5) * 20, (r() - 0.5) * 20),
    day: dayNumber('2014-01-01') + Math.floor(r() * 365),
    logPpsf: 5 + r(),
    yearBuilt: 1950 + Math.floor(r() * 60),
  }));
}

/** Brute force: the k nearest sales strictly before `day` (the same spot and year built excluded), same projection as the index. */
function bruteNearest(sales: NeighbourSale[], q: NeighbourSale, k: number): number[] {
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const lat0 = sales.reduce((t, s) => t + round(s.latitude), 0) / sales.length;
  const kmPerDegLng = 111.32 * Math.cos((lat0 * Math.PI) / 180);
  return sales
    .map((s, i) => ({
      i,
      km: Math.hypot((round(s.latitude) - q.latitude) * 111.32, (round(s.longitude) - q.longitude) * kmPerDegLng),
      s,
    }))
    .filter((x) => x.s.day < q.day && !(x.km <= 0.015 && x.s.yearBuilt === q.yearBuilt))
    .sort((a, b) => a.km - b.km)
    .slice(0, k)
    .map((x) => x.i);
}

describe('NeighbourIndex', () => {
  const sales = scatter(3000, 4);
  const index = new NeighbourIndex(compactNeighbourSales(sales));

  it('finds the same nearest earlier sales as a brute-force search, and only earlier ones', () => {
    const r = rng(9);
    for (let t = 0; t < 40; t++) {
      const q = { ...at((r() - 0.5) * 24, (r() - 0.5) * 24), day: dayNumber('2014-02-01') + Math.floor(r() * 330), logPpsf: 0, yearBuilt: 2000 };
      const got = index.nearest(q.latitude, q.longitude, q.day, q.yearBuilt, 15);
      const want = bruteNearest(sales, q, 15);
      expect(got.map((g) => g.index)).toEqual(want);
      for (const g of got) expect(sales[g.index]!.day).toBeLessThan(q.day);
    }
  });

  it('never uses the same home sold earlier, nor a sale on or after the date', () => {
    const home = { ...at(1, 1), yearBuilt: 1990 };
    const own = { ...home, day: dayNumber('2014-03-01'), logPpsf: 9 };
    const sameDay = { ...at(1.001, 1), day: dayNumber('2014-06-01'), logPpsf: 9, yearBuilt: 1970 };
    const neighbour = { ...at(1.5, 1), day: dayNumber('2014-04-01'), logPpsf: 5, yearBuilt: 1990 };
    const idx = new NeighbourIndex(compactNeighbourSales([own, sameDay, neighbour]));
    const f = idx.features(home.latitude, home.longitude, dayNumber('2014-06-01'), 1990, 5);
    expect(f.logPpsfMedian).toBeCloseTo(5, 3);
    expect(f.logPpsfMean).toBeCloseTo(5, 3);
    expect(f.km).toBeCloseTo(0.5, 1);
    expect(f.days).toBe(61);
    // Before any sale: unknown, not zero.
    expect(Number.isNaN(idx.features(home.latitude, home.longitude, dayNumber('2014-01-01'), 1990).logPpsfMedian)).toBe(true);
  });
});

describe('market model with neighbour features and the per-sqft target', () => {
  const sales = market(1500, 11);

  it('learns only from sales strictly before its date, values near the truth, and survives JSON', () => {
    const late = market(300, 12).map((s) => ({ ...s, closeDate: '2014-12-15', closePrice: s.closePrice * 3 }));
    const options = { neighbours: true, target: 'logPpsf' as const };
    const a = trainMarketTrees({ sales, asOf: '2014-12-15', params: { trees: 150, learningRate: 0.1 }, options })!;
    const b = trainMarketTrees({ sales: [...sales, ...late], asOf: '2014-12-15', params: { trees: 150, learningRate: 0.1 }, options })!;
    expect(JSON.stringify(b.gbt)).toBe(JSON.stringify(a.gbt));
    expect(a.gbt.neighbours!.day.every((d) => d < dayNumber('2014-12-15'))).toBe(true);
    expect(a.gbt.featureNames).toContain('nbrLogPpsfMedian');

    const t = trainMarketTrees({ sales, asOf: DATE, params: { trees: 200, learningRate: 0.1 }, options })!;
    const home = subject({ sqftLiving: 2000, grade: 7 });
    const v = predictMarketValue(t.gbt, home, DATE)!;
    expect(Math.abs(v / truePrice(2000, 7) - 1)).toBeLessThan(0.06);
    const stored = JSON.parse(JSON.stringify(t.gbt)) as MarketTrees;
    expect(predictMarketValue(stored, home, DATE)).toBe(v);
    // A per-sqft model cannot value a home of unknown living area.
    expect(predictMarketValue(t.gbt, subject({ sqftLiving: null }), DATE)).toBeNull();
  });

  it('does not use trees of another feature version (the caller falls back to comps)', () => {
    const t = trainMarketTrees({ sales, asOf: DATE, params: { trees: 20 } })!;
    expect(t.gbt.neighbours).toBeUndefined();
    expect(predictMarketValue(t.gbt, subject(), DATE)).not.toBeNull();
    expect(usableMarketTrees(t.gbt)).toBe(true);
    const { featuresVersion: _, ...older } = t.gbt;
    expect(usableMarketTrees(older)).toBe(false);
    expect(predictMarketValue(older, subject(), DATE)).toBeNull();
    expect(predictMarketValue({ ...t.gbt, featuresVersion: 1 }, subject(), DATE)).toBeNull();
  });
});
