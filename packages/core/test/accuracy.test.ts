/**
 * Loose regression guards on real data: small forward backtests on King County through the same
 * candidate selection the CLIs and worker use — the comps engine alone (December 2014, every 12th sale)
 * and the blend (a version fitted like trainMarketVersion on a sample of its 91-day window, then
 * December 2014 every 4th sale valued with it). The full backtest is `npm run backtest`; this only
 * catches gross regressions, in seconds (small trees, sampled window).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyMarketModel,
  type BacktestRow,
  CALIBRATION,
  fitMarketVersion,
  type MarketModel,
  predictMarketValue,
  type Sale,
  trainMarketTrees,
} from '../src/index';
import { parseCsv } from '../../../scripts/lib/csv';
import { rowToSale } from '../../../scripts/lib/kc';
import { valueSubjects } from '../../../scripts/lib/run';

const CSV = fileURLToPath(new URL('../../../data/king-county/sales_2014-05_2015-03.csv', import.meta.url));

const sales = parseCsv(readFileSync(CSV, 'utf8'))
  .map(rowToSale)
  .filter((s): s is Sale => s != null);
const subjectOf = (s: Sale) => ({ subject: { ...s, address: s.id, mlsId: s.id }, valuationDate: s.closeDate });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('accuracy guard (King County, Dec 2014 subsample)', () => {
  it('values nearly all subjects with median absolute error under 10% and sane ranges', async () => {
    const period = sales.filter((s) => s.closeDate >= '2014-12-01' && s.closeDate <= '2014-12-31').filter((_, i) => i % 12 === 0);
    expect(period.length).toBeGreaterThan(100);
    const results = await valueSubjects(
      sales,
      period.map((s) => ({ subject: { ...s, address: s.id, mlsId: s.id }, valuationDate: s.closeDate })),
    );
    const errors: number[] = [];
    let inRange = 0;
    results.forEach((r, i) => {
      const e = r.valuation.estimate;
      if (!e) return;
      const actual = period[i]!.closePrice;
      errors.push(Math.abs(e.value / actual - 1));
      if (actual >= e.low && actual <= e.high) inRange++;
      // no leakage: every comp is strictly earlier and not the subject's own sale
      for (const c of r.valuation.comps) {
        expect(c.sale.closeDate < r.valuationDate).toBe(true);
        expect(c.sale.id).not.toBe(period[i]!.id);
      }
    });
    errors.sort((a, b) => a - b);
    expect(errors.length / period.length).toBeGreaterThan(0.95);
    expect(errors[errors.length >> 1]!).toBeLessThan(0.1);
    expect(inRange / errors.length).toBeGreaterThan(0.65);
    expect(inRange / errors.length).toBeLessThan(0.95);
  });

  it('the blend is not worse than the comps alone, its range holds, and it shifts the estimate by its drift only', async () => {
    const AS_OF = '2014-12-01';
    const gbt = { trees: 150, learningRate: 0.15 };
    // The version's window (Sep–Nov 2014), every 8th sale, valued from strictly earlier sales: comps, and
    // trees trained before the window (older than the weekly trees production uses: fewer to train here).
    const early = trainMarketTrees({ sales, asOf: '2014-09-01', params: gbt })!;
    const window = sales.filter((s) => s.closeDate >= '2014-09-01' && s.closeDate < AS_OF).filter((_, i) => i % 12 === 0);
    const rows: BacktestRow[] = (await valueSubjects(sales, window.map(subjectOf))).flatMap((r, i) =>
      r.diagnostics.engineValue == null || r.diagnostics.u == null
        ? []
        : [
            {
              engineValue: r.diagnostics.engineValue,
              u: r.diagnostics.u,
              marketValue: predictMarketValue(early.gbt, r.subject, r.valuationDate),
              actual: window[i]!.closePrice,
              sqftKnown: true,
              date: r.valuationDate,
            },
          ],
    );
    expect(rows.length).toBeGreaterThan(350);
    const fit = fitMarketVersion(rows, { from: '2014-09-01', to: '2014-11-30', label: 'king-county' }, CALIBRATION);
    expect(fit.blend.compsWeight).toBeGreaterThan(0.2);
    expect(fit.blend.compsWeight).toBeLessThan(1);
    const final = trainMarketTrees({ sales, asOf: AS_OF, params: gbt })!;
    const version: MarketModel = JSON.parse(
      JSON.stringify({ version: `king-county@${AS_OF}`, market: 'king-county', asOf: AS_OF, trainedOn: final.trainedOn, gbt: final.gbt, ...fit }),
    );

    // December 2014, every 4th sale, valued through the production path with the stored version.
    const period = sales.filter((s) => s.closeDate >= AS_OF && s.closeDate <= '2014-12-31').filter((_, i) => i % 6 === 0);
    const comps = await valueSubjects(sales, period.map(subjectOf));
    const blendErr: number[] = [];
    const compsErr: number[] = [];
    let inRange = 0;
    comps.forEach((r, i) => {
      // valueWithDiagnostics = applyMarketModel(valueFromComps(…)): the comps part is valueSubjects' result.
      const { valuation, diagnostics } = applyMarketModel(r, r.subject, version);
      const actual = period[i]!.closePrice;
      if (!valuation.estimate || diagnostics.marketValue == null) return;
      blendErr.push(Math.abs(valuation.estimate.value / actual - 1));
      compsErr.push(Math.abs(diagnostics.engineValue! / actual - 1));
      if (actual >= valuation.estimate.low && actual <= valuation.estimate.high) inRange++;
      // the estimate is the weighted parts moved by the version's drift, nothing else
      const w = version.blend.compsWeight;
      const expected = Math.exp(
        w * Math.log(diagnostics.engineValue!) + (1 - w) * Math.log(diagnostics.marketValue) + ((version.blend as { drift?: number }).drift ?? 0),
      );
      expect(Math.abs(valuation.estimate.value - expected)).toBeLessThanOrEqual(500);
    });
    expect(blendErr.length / period.length).toBeGreaterThan(0.95);
    // Loose: the blend must not lose to the comps alone on the same homes (it wins by ~0.1–0.4 pt on the full quarter).
    expect(median(blendErr)).toBeLessThanOrEqual(median(compsErr) + 0.002);
    expect(median(blendErr)).toBeLessThan(0.1);
    expect(inRange / blendErr.length).toBeGreaterThan(0.7);
    expect(inRange / blendErr.length).toBeLessThan(0.9);
  }, 600_000);
});
