import { describe, expect, it } from 'vitest';
import {
  type CompDetail,
  compassPoint,
  compsBasis,
  estimateAccount,
  isSurprising,
  type MarketStats,
  marketStory,
  type Valuation,
  wholePercents,
} from '../src/index';
import { sale, subject } from './helpers';

function comp(adjustedPrice: number, weight: number, over: Partial<CompDetail> = {}): CompDetail {
  return { sale: sale(), distanceKm: 0.5, daysBeforeValuation: 30, similarity: 0.9, adjustments: [], adjustedPrice, weight, ...over };
}

function valuation(over: Partial<Valuation>): Valuation {
  return {
    valuationDate: '2015-03-01',
    estimate: { value: 500_000, low: 450_000, high: 550_000, coverage: 0.8 },
    confidence: 'medium',
    flagged: false,
    flagReason: null,
    comps: [],
    searchStep: '',
    notes: [],
    ...over,
  };
}

describe('wholePercents', () => {
  it.each([
    [
      [1 / 3, 1 / 3, 1 / 3],
      [34, 33, 33],
    ],
    [
      [0.5, 0.5],
      [50, 50],
    ],
    [
      [0.097, 0.213, 0.28, 0.41],
      [10, 21, 28, 41],
    ],
    [
      [0.001, 0.999],
      [0, 100],
    ],
    [[], []],
  ])('%j → %j (always 100 in all)', (shares, out) => {
    expect(wholePercents(shares)).toEqual(out);
    if (shares.length) expect(wholePercents(shares).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('estimateAccount', () => {
  it('splits the estimate into comps, the local price model and the market model, summing to 100% and reproducing it', () => {
    const comps = [comp(520_000, 0.41), comp(480_000, 0.33)];
    // comps part: 0.41·ln 520k + 0.33·ln 480k + 0.26·ln 490k; market model 530k at 25%
    const compsValue = Math.exp(0.41 * Math.log(520_000) + 0.33 * Math.log(480_000) + 0.26 * Math.log(490_000));
    const value = Math.exp(0.75 * Math.log(compsValue) + 0.25 * Math.log(530_000));
    const v = valuation({
      comps,
      localModelValue: 490_000,
      estimate: { value: Math.round(value / 1000) * 1000, low: 0, high: 0, coverage: 0.8 },
      blend: {
        compsValue: Math.round(compsValue / 1000) * 1000,
        marketModelValue: 530_000,
        compsWeight: 0.75,
        marketModelWeight: 0.25,
        marketModelVersion: 'x',
        calibrationSource: 'x',
      },
    });
    const a = estimateAccount(v)!;
    expect(a.lines.map((l) => [l.kind, l.percent])).toEqual([
      ['comp', 31],
      ['comp', 25],
      ['local-model', 19],
      ['market-model', 25],
    ]);
    expect(a.comps).toEqual({ value: v.blend!.compsValue, percent: 75 });
    expect(a.marketModel).toEqual({ value: 530_000, percent: 25 });
    expect(Math.abs(a.reproduced - a.estimate)).toBeLessThanOrEqual(1000);
    // The blend's market drift moves the weighted parts as a whole: the shares stay, the estimate is reproduced.
    const drifted = estimateAccount({
      ...v,
      estimate: { ...v.estimate!, value: Math.round((value * 1.02) / 1000) * 1000 },
      blend: { ...v.blend!, marketDrift: 0.02 },
    })!;
    expect(drifted.lines.map((l) => l.percent)).toEqual([31, 25, 19, 25]);
    expect(Math.abs(drifted.reproduced - drifted.estimate)).toBeLessThanOrEqual(1000);
    expect(Math.abs(drifted.reproduced - a.reproduced * 1.02)).toBeLessThan(1);
    expect(drifted.marketDrift).toBe(0.02);
    expect(a.marketDrift).toBe(0);
  });

  it('is comps only without a blend or with a model weight of 0, and derives the local model of an older valuation', () => {
    const comps = [comp(520_000, 0.6), comp(480_000, 0.2)];
    const local = 470_000;
    const value = Math.round(Math.exp(0.6 * Math.log(520_000) + 0.2 * Math.log(480_000) + 0.2 * Math.log(local)));
    const a = estimateAccount(valuation({ comps, estimate: { value, low: 0, high: 0, coverage: 0.8 } }))!;
    expect(a.marketModel).toBeNull();
    expect(a.comps.percent).toBe(100);
    expect(a.lines.map((l) => l.percent)).toEqual([60, 20, 20]);
    expect(a.lines[2]!.value).toBeCloseTo(local, -1);
    expect(a.reproduced).toBeCloseTo(value, -1);
    const noModel = estimateAccount(
      valuation({
        comps,
        localModelValue: local,
        estimate: { value, low: 0, high: 0, coverage: 0.8 },
        blend: { compsValue: value, marketModelValue: null, compsWeight: 1, marketModelWeight: 0, marketModelVersion: null, calibrationSource: 'x' },
      }),
    )!;
    expect(noModel.lines.map((l) => l.kind)).toEqual(['comp', 'comp', 'local-model']);
  });

  it('is null without an estimate', () => {
    expect(estimateAccount(valuation({ estimate: null }))).toBeNull();
    expect(estimateAccount(null)).toBeNull();
  });
});

describe('comps in plain facts', () => {
  it('says how many, how far, when, and how many addresses are withheld', () => {
    const b = compsBasis([
      comp(1, 0.5, { distanceKm: 0.3, sale: sale({ closeDate: '2014-11-02', address: '1 A St' }) }),
      comp(1, 0.5, { distanceKm: 0.9, sale: sale({ closeDate: '2014-06-20', address: null }) }),
    ]);
    expect(b).toEqual({ count: 2, farthestKm: 0.9, oldestSale: '2014-06-20', newestSale: '2014-11-02', withheldAddresses: 1 });
    expect(compsBasis([])).toBeNull();
  });

  it('gives the direction from the home to a sale', () => {
    const home = { latitude: 47.6, longitude: -122.3 };
    expect(compassPoint(home, { latitude: 47.61, longitude: -122.3 })).toBe('N');
    expect(compassPoint(home, { latitude: 47.6, longitude: -122.28 })).toBe('E');
    expect(compassPoint(home, { latitude: 47.59, longitude: -122.315 })).toBe('SW');
    expect(compassPoint(home, home)).toBeNull();
  });

  it('flags an adjustment whose sign runs against the difference', () => {
    const home = subject({ bedrooms: 3, sqftLiving: 2000 });
    const fewerBeds = sale({ bedrooms: 2 });
    expect(isSurprising({ factor: 'bedrooms', amount: -6000, reason: '' }, home, fewerBeds)).toBe(true);
    expect(isSurprising({ factor: 'bedrooms', amount: 6000, reason: '' }, home, fewerBeds)).toBe(false);
    expect(isSurprising({ factor: 'size', amount: -9000, reason: '' }, home, sale({ sqftLiving: 2200 }))).toBe(false);
    expect(isSurprising({ factor: 'time', amount: -9000, reason: '' }, home, fewerBeds)).toBe(false);
    expect(isSurprising({ factor: 'bedrooms', amount: -6000, reason: '' }, home, sale({ bedrooms: null }))).toBe(false);
  });
});

describe('marketStory', () => {
  const market = {
    salesCount: 120,
    medianPrice: 600_000,
    medianPricePerSqft: 300,
    medianSqftLiving: 2000,
    priceChangeYoY: null,
    priceTrend12m: 0.05,
    medianDaysOnMarket: 12,
    medianSaleToList: 1.01,
  } as MarketStats;

  it('places a smaller home below the median because of its size', () => {
    const s = marketStory(market, 450_000, subject({ sqftLiving: 1500 }));
    expect(s.position).toEqual({ relation: 'below', reason: 'smaller', subjectSqft: 1500, areaSqft: 2000 });
    expect(s.trend).toBe(0.05);
    expect(s.medianDaysOnMarket).toBe(12);
  });

  it('places a same-size home above the median because of its value per square foot', () => {
    expect(marketStory(market, 800_000, subject({ sqftLiving: 2000 })).position!.reason).toBe('higher-per-sqft');
  });

  it('calls an estimate within 10% "near", and gives no reason it cannot support', () => {
    expect(marketStory(market, 640_000, subject({ sqftLiving: 2100 })).position!.relation).toBe('near');
    expect(marketStory(market, 450_000, subject({ sqftLiving: null })).position!.reason).toBeNull();
    expect(marketStory(market, null, null).position).toBeNull();
  });
});
