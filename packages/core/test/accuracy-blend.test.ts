/**
 * Loose regression guard on the production path of valuation v2 (decision 0023): a version of the
 * synthetic second market trained as the worker trains it (trainMarketVersion as of 2015-04-01), then
 * April 2015 sales (every 3rd) valued with it exactly as the worker does (collectCandidateSales +
 * estimateValue with the stored version). `npm run backtest` is the full measurement; this only catches
 * gross regressions. Known prices: the synthetic market's noise alone makes ~11% the realistic median.
 * Cheap on purpose: small trees, and the window's sales are valued with trees trained before the window
 * (older than the weekly trees production uses, so still strictly earlier sales) — two tree sets, not 14.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectCandidateSales, estimateValue, type MarketBlend, type Sale, SaleGrid, trainMarketTrees, trainMarketVersion } from '../src/index';
import { parseCsv } from '../../../scripts/lib/csv';
import { rowToSale } from '../../../scripts/lib/kc';

const CSV = fileURLToPath(new URL('../../../data/synthetic/sales.csv', import.meta.url));
const AS_OF = '2015-04-01';

describe('accuracy guard, blended (synthetic market, version as of 2015-04-01, April 2015 subjects)', () => {
  it('the stored version blends, and its estimates and range stay in a sane band', async () => {
    const sales = parseCsv(readFileSync(CSV, 'utf8'))
      .map(rowToSale)
      .filter((s): s is Sale => s != null);
    const gbtParams = { trees: 150, learningRate: 0.15 };
    // The window is 2014-12-31 … 2015-03-31; its first Monday is 2014-12-29.
    const early = trainMarketTrees({ sales, asOf: '2014-12-29', params: gbtParams });
    const asked: string[] = [];
    const treesAsOf = (d: string) => {
      asked.push(d);
      return d === AS_OF ? trainMarketTrees({ sales, asOf: AS_OF, params: gbtParams }) : early;
    };
    const version = (await trainMarketVersion({ market: 'synthetic', sales, asOf: AS_OF, gbtParams, treesAsOf }))!;
    expect(asked.every((d) => d === AS_OF || d >= '2014-12-29')).toBe(true);
    // The version carries the market drift, measured on the window's last six weeks and bounded.
    const blend = version.blend as MarketBlend;
    expect(blend.driftSales!.from >= '2015-02-18').toBe(true);
    expect(Math.abs(blend.drift!)).toBeLessThanOrEqual(0.03);
    expect(version.validation!.subjects).toBeGreaterThan(400);
    expect(version.validation!.medianAbsErrorBlend).toBeLessThan(0.15);
    expect(version.validation!.coverage).toBeGreaterThan(0.7);
    expect(version.validation!.coverage).toBeLessThan(0.9);
    // Stored as JSON and read back, as the worker does.
    const stored = JSON.parse(JSON.stringify(version));

    const subjects = sales.filter((s) => s.closeDate >= AS_OF && s.closeDate < '2015-05-01').filter((_, i) => i % 3 === 0);
    expect(subjects.length).toBeGreaterThan(50);
    const grid = new SaleGrid(sales);
    const errors: number[] = [];
    let inRange = 0;
    for (const s of subjects) {
      const subject = { ...s, address: s.address ?? s.id, mlsId: s.id };
      const search = async (polygon: Array<{ lat: number; lng: number }>) => grid.search(polygon, s.closeDate);
      const { sales: candidates } = await collectCandidateSales(search, subject, s.closeDate);
      const v = estimateValue({ subject, sales: candidates, valuationDate: s.closeDate, market: stored });
      if (!v.estimate) continue;
      expect(v.blend!.marketModelVersion).toBe('synthetic@2015-04-01');
      expect(v.blend!.marketModelValue).toBeGreaterThan(0);
      expect(v.blend!.marketDrift).toBeCloseTo(Math.expm1(blend.drift!), 4);
      errors.push(Math.abs(v.estimate.value / s.closePrice - 1));
      if (s.closePrice >= v.estimate.low && s.closePrice <= v.estimate.high) inRange++;
    }
    errors.sort((a, b) => a - b);
    expect(errors.length / subjects.length).toBeGreaterThan(0.95);
    expect(errors[errors.length >> 1]!).toBeLessThan(0.16);
    expect(inRange / errors.length).toBeGreaterThan(0.6);
    expect(inRange / errors.length).toBeLessThan(0.95);
  }, 600_000);
});
