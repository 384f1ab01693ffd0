/**
 * Batch valuation: npm run estimate -- --sales <sales.csv> --subjects <subjects.csv> --out <out.csv> [--market <name>] [--comps-only]
 * Both inputs use the King County columns (data/king-county/README.md). A subject's sale_date is its
 * valuation date; only sales dated strictly before it are used for it — by the comps and by the market
 * model (trees retrained weekly, blend and calibration of the subject's month fitted on the 91 days
 * before it; lib/market.ts), exactly the production path. --comps-only: the comps engine alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Sale } from '@opencma/core';
import { parseArgs } from './lib/args';
import { parseCsv, toCsv } from './lib/csv';
import { rowToSale, rowToSubject } from './lib/kc';
import { valueWithMarket } from './lib/market';
import { valueSubjects } from './lib/run';
import { runMain } from './lib/run-main';

const USAGE = 'usage: npm run estimate -- --sales <sales.csv> --subjects <subjects.csv> --out <out.csv> [--market <name>] [--comps-only]';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || typeof args.sales !== 'string' || typeof args.subjects !== 'string' || typeof args.out !== 'string') {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const t0 = performance.now();
  const sales: Sale[] = [];
  let skippedSales = 0;
  for (const row of parseCsv(readFileSync(args.sales, 'utf8'))) {
    const s = rowToSale(row);
    if (s) sales.push(s);
    else skippedSales++;
  }
  const subjectRows = parseCsv(readFileSync(args.subjects, 'utf8'));
  const subjects = [];
  const rowsOut: (string | number | boolean | null)[][] = [];
  const order: number[] = []; // output row index per valued subject
  for (const row of subjectRows) {
    const s = rowToSubject(row);
    if (!s) {
      rowsOut.push([row.parcel_id ?? '', row.sale_date ?? '', null, null, null, null, true, 0, null, null, null]);
      continue;
    }
    order.push(rowsOut.length);
    rowsOut.push([]);
    subjects.push(s);
  }
  const market = typeof args.market === 'string' ? args.market : basename(args.sales).replace(/\.csv$/, '');
  const results = args['comps-only'] === true ? await valueSubjects(sales, subjects) : (await valueWithMarket(sales, subjects, { market })).results;
  results.forEach((r, k) => {
    const row = subjectRows[order[k]!]!;
    const e = r.valuation.estimate;
    rowsOut[order[k]!] = [
      row.parcel_id ?? '',
      r.valuationDate,
      e?.value ?? null,
      e?.low ?? null,
      e?.high ?? null,
      r.valuation.confidence,
      r.valuation.flagged,
      r.valuation.comps.length,
      r.valuation.blend?.compsValue ?? null,
      r.valuation.blend?.marketModelValue ?? null,
      r.valuation.blend?.compsWeight ?? null,
    ];
  });
  writeFileSync(
    args.out,
    toCsv(
      ['parcel_id', 'sale_date', 'estimate', 'low', 'high', 'confidence', 'flagged', 'comps_used', 'comps_value', 'model_value', 'comps_weight'],
      rowsOut,
    ),
  );
  const flagged = rowsOut.filter((r) => r[6] === true).length;
  console.error(
    `valued ${rowsOut.length - flagged} of ${rowsOut.length} subjects (${flagged} flagged) from ${sales.length} sales` +
      `${skippedSales ? ` (${skippedSales} unusable sale rows skipped)` : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${args.out}`,
  );
  return 0;
}

runMain(main);
