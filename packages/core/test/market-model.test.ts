import { describe, expect, it } from 'vitest';
import {
  type BacktestRow,
  CALIBRATION,
  estimateValue,
  fitMarketVersion,
  MIN_CALIBRATION_SALES,
  DRIFT_CAP,
  DRIFT_PRIOR_SALES,
  type MarketBlend,
  type MarketModel,
  predictGbt,
  predictMarketValue,
  trainGbt,
  trainMarketTrees,
  valueWithDiagnostics,
} from '../src/index';
import { market, rng, subject, truePrice } from './helpers';

const DATE = '2015-01-01';

describe('trainGbt', () => {
  it('learns a step and a slope, handles missing values, and is deterministic', () => {
    const r = rng(3);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const a = r() * 10;
      const b = r() < 0.1 ? Number.NaN : r();
      X.push([a, b]);
      y.push((a > 5 ? 1 : 0) + 0.5 * (Number.isNaN(b) ? 0 : b) + (r() - 0.5) * 0.05);
    }
    const params = { trees: 150, learningRate: 0.1, subsample: 0.8, seed: 7 };
    const m = trainGbt(X, y, ['a', 'b'], params);
    expect(predictGbt(m, [8, 0.5])).toBeCloseTo(1.25, 1);
    expect(predictGbt(m, [2, 0.5])).toBeCloseTo(0.25, 1);
    expect(predictGbt(m, [8, Number.NaN])).toBeGreaterThan(0.8);
    // Same data and seed → the same model, byte for byte; it survives JSON.
    const again = trainGbt(X, y, ['a', 'b'], params);
    expect(JSON.stringify(again)).toBe(JSON.stringify(m));
    const parsed = JSON.parse(JSON.stringify(m));
    expect(predictGbt(parsed, [8, 0.5])).toBe(predictGbt(m, [8, 0.5]));
  });
});

describe('market model', () => {
  const sales = market(1500, 11);

  it('learns only from sales strictly before its date', () => {
    const late = market(300, 12).map((s) => ({ ...s, closeDate: '2014-12-15', closePrice: s.closePrice * 3 }));
    const a = trainMarketTrees({ sales, asOf: '2014-12-15', params: { trees: 60 } })!;
    const b = trainMarketTrees({ sales: [...sales, ...late], asOf: '2014-12-15', params: { trees: 60 } })!;
    expect(JSON.stringify(b.gbt)).toBe(JSON.stringify(a.gbt));
    expect(a.trainedOn.lastSale! < '2014-12-15').toBe(true);
    expect(trainMarketTrees({ sales: sales.slice(0, 100), asOf: DATE })).toBeNull();
  });

  it('values a typical home near its true price', () => {
    const t = trainMarketTrees({ sales, asOf: DATE, params: { trees: 200 } })!;
    const v = predictMarketValue(t.gbt, subject({ sqftLiving: 2000, grade: 7 }), DATE)!;
    expect(Math.abs(v / truePrice(2000, 7) - 1)).toBeLessThan(0.06);
    expect(predictMarketValue(t.gbt, subject({ latitude: Number.NaN }), DATE)).toBeNull();
  });

  it('blends into the estimate and says both parts; without a model the comps stand', () => {
    const t = trainMarketTrees({ sales, asOf: DATE, params: { trees: 100 } })!;
    const model: MarketModel = {
      version: 'test@2015-01-01',
      market: 'test',
      asOf: DATE,
      trainedOn: t.trainedOn,
      gbt: t.gbt,
      blend: { compsWeight: 0.6 },
      calibration: { ...CALIBRATION, source: 'test calibration' },
      validation: null,
    };
    const input = { subject: subject(), sales, valuationDate: DATE };
    const alone = valueWithDiagnostics(input);
    expect(alone.valuation.blend).toMatchObject({ compsWeight: 1, marketModelValue: null, marketModelVersion: null });
    const both = valueWithDiagnostics({ ...input, market: model });
    const b = both.valuation.blend!;
    expect(b).toMatchObject({
      compsWeight: 0.6,
      marketModelWeight: 0.4,
      marketModelVersion: 'test@2015-01-01',
      calibrationSource: 'test calibration',
    });
    const expected = Math.exp(0.6 * Math.log(both.diagnostics.engineValue!) + 0.4 * Math.log(both.diagnostics.marketValue!));
    expect(Math.abs(both.valuation.estimate!.value - expected)).toBeLessThanOrEqual(500);
    expect(both.valuation.notes.join(' ')).toMatch(/Comparable sales suggest \$[\d,]+; the market model .* suggests \$[\d,]+/);
    expect(estimateValue({ ...input, market: model })).toEqual(both.valuation);
    // A version stored before the market drift (no blend.drift) is read as drift 0 and says none.
    expect(b.marketDrift).toBe(0);
    expect(both.valuation.notes.join(' ')).not.toMatch(/Market movement/);

    // With a drift: the estimate moves by it, the blend and the notes say so, the parts stay as they were.
    const drifted: MarketModel = {
      ...model,
      blend: { compsWeight: 0.6, drift: Math.log(1.02), driftSales: { count: 812, from: '2014-11-21', to: '2014-12-31' } } as MarketBlend,
    };
    const up = valueWithDiagnostics({ ...input, market: drifted });
    expect(up.valuation.blend).toMatchObject({ compsValue: b.compsValue, marketModelValue: b.marketModelValue, marketDrift: 0.02 });
    expect(Math.abs(up.valuation.estimate!.value - expected * 1.02)).toBeLessThanOrEqual(500);
    expect(up.valuation.notes.join(' ')).toMatch(/the 812 sales of 2014-11-21 … 2014-12-31 sold above .* moved up 2%/);
    // A stored drift beyond the bound is held to it.
    const wild = valueWithDiagnostics({ ...input, market: { ...drifted, blend: { ...drifted.blend, drift: 0.5 } as MarketBlend } });
    expect(wild.valuation.blend!.marketDrift).toBeCloseTo(Math.expm1(DRIFT_CAP), 4);
  });
});

describe('fitMarketVersion', () => {
  const rows = (n: number, seed: number): BacktestRow[] => {
    const r = rng(seed);
    return Array.from({ length: n }, () => {
      const u = 0.05 + r() * 0.2;
      const truth = 400_000;
      // comps error scales with u; the model is noisier but independent
      const z = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      return { engineValue: truth * Math.exp(u * z()), marketValue: truth * Math.exp(0.12 * z()), u, actual: truth, sqftKnown: true };
    });
  };

  it('learns the blend weight and a range that holds about 80% with ordered tiers', () => {
    const f = fitMarketVersion(rows(3000, 5), { from: '2014-10-01', to: '2014-12-31', label: 'test' });
    expect(f.blend.compsWeight).toBeGreaterThan(0.3);
    expect(f.blend.compsWeight).toBeLessThan(0.9);
    expect(f.validation.coverage).toBeGreaterThan(0.77);
    expect(f.validation.coverage).toBeLessThan(0.83);
    expect(f.calibration.highMaxU).toBeLessThan(f.calibration.mediumMaxU);
    expect(f.calibration.note).toBeNull();
    expect(f.validation.medianAbsErrorBlend).toBeLessThan(f.validation.medianAbsErrorComps);
  });

  it("measures the market drift on the window's most recent sales, shrunk and bounded; none without dates", () => {
    const to = '2014-12-31';
    const dated = (n: number, seed: number, lift: number) =>
      rows(n, seed).map((r, i) => {
        const date = `2014-${String(10 + Math.floor((i / n) * 3)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        // the last six weeks sold `lift` above what both parts say (a market moving faster than they follow)
        return { ...r, date, actual: date >= '2014-11-20' ? r.actual * lift : r.actual };
      });
    const f = fitMarketVersion(dated(3000, 8, 1.02), { from: '2014-10-01', to, label: 'test' });
    const b = f.blend as MarketBlend;
    expect(b.driftSales!.from >= '2014-11-20').toBe(true);
    expect(b.driftSales!.to <= to).toBe(true);
    // median of the recent misses (≈ log 1.02), shrunk by DRIFT_PRIOR_SALES against ~1,000 sales
    const n = b.driftSales!.count;
    expect(n).toBeGreaterThan(800);
    expect(b.drift!).toBeGreaterThan(0.6 * Math.log(1.02) * (n / (n + DRIFT_PRIOR_SALES)));
    expect(b.drift!).toBeLessThan(1.4 * Math.log(1.02) * (n / (n + DRIFT_PRIOR_SALES)));
    // the calibration is measured around the drifted estimate and still holds
    expect(f.validation.coverage).toBeGreaterThan(0.77);
    expect(f.validation.coverage).toBeLessThan(0.83);
    // a wild lift is bounded; a flat market gets ~0; rows without dates get none
    expect((fitMarketVersion(dated(3000, 8, 1.3), { from: '2014-10-01', to, label: 'test' }).blend as MarketBlend).drift).toBe(DRIFT_CAP);
    expect(Math.abs((fitMarketVersion(dated(3000, 8, 1), { from: '2014-10-01', to, label: 'test' }).blend as MarketBlend).drift!)).toBeLessThan(
      0.006,
    );
    const undated = fitMarketVersion(rows(3000, 8), { from: '2014-10-01', to, label: 'test' }).blend as MarketBlend;
    expect(undated.drift).toBe(0);
    expect(undated.driftSales).toBeNull();
  });

  it('widens and says so when the market has little history', () => {
    const few = fitMarketVersion(rows(MIN_CALIBRATION_SALES / 3, 6), { from: '2014-10-01', to: '2014-12-31', label: 'test' });
    expect(few.calibration.note).toMatch(/little sales history/);
    const none = fitMarketVersion(rows(5, 7), { from: '2014-10-01', to: '2014-12-31', label: 'test' });
    expect(none.blend.compsWeight).toBe(1);
    expect(none.calibration.k.high).toBeGreaterThan(CALIBRATION.k.high);
    expect(none.calibration.note).toMatch(/too little sales history/);
  });
});
