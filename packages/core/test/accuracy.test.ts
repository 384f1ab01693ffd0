/**
 * Loose regression guard on real data: a small forward backtest on King County (subjects from
 * December 2014, every 12th sale), through the same candidate selection the CLIs and worker use.
 * The full backtest is `npm run backtest`; this only catches gross regressions in a few seconds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Sale } from '../src/index';
import { parseCsv } from '../../../scripts/lib/csv';
import { rowToSale } from '../../../scripts/lib/kc';
import { valueSubjects } from '../../../scripts/lib/run';

const CSV = fileURLToPath(new URL('../../../data/king-county/sales_2014-05_2015-03.csv', import.meta.url));

describe('accuracy guard (King County, Dec 2014 subsample)', () => {
  it('values nearly all subjects with median absolute error under 10% and sane ranges', async () => {
    const sales = parseCsv(readFileSync(CSV, 'utf8'))
      .map(rowToSale)
      .filter((s): s is Sale => s != null);
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
});
