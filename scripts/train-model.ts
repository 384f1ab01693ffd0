/**
 * Train and store one version of a market's model, as the scheduled retraining would:
 *
 *   npm run train-model -- --sales data/king-county/sales_2014-05_2015-03.csv --market king-county [--as-of 2015-04-01] [--out model.json]
 *
 * 1. the sales of the 91 days before --as-of are valued from strictly earlier sales (comps engine, and
 *    trees retrained weekly), 2. the blend weight and the range/tier calibration are fitted on them,
 * 3. the trees are trained on every sale before --as-of. Written as one JSON file (MarketModel); default
 * .data/market-models/<market>/<market>@<as-of>.json. --as-of defaults to the day after the newest sale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dayNumber, fitMarketVersion, type MarketModel, type Sale, trainMarketTrees } from '@opencma/core';
import { parseArgs } from './lib/args';
import { parseCsv } from './lib/csv';
import { rowToSale } from './lib/kc';
import { backtestRow, CALIBRATION_DAYS, dateOf, WeeklyTrees } from './lib/market';
import { valueSubjects } from './lib/run';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.sales !== 'string') {
    console.error('usage: npm run train-model -- --sales <sales.csv> [--market <name>] [--as-of YYYY-MM-DD] [--out <model.json>]');
    return 2;
  }
  const sales = parseCsv(readFileSync(args.sales, 'utf8'))
    .map(rowToSale)
    .filter((s): s is Sale => s != null);
  const market = typeof args.market === 'string' ? args.market : basename(args.sales).replace(/\.csv$/, '');
  const newest = sales.reduce((m, s) => (s.closeDate > m ? s.closeDate : m), '');
  const asOf = typeof args['as-of'] === 'string' ? args['as-of'] : dateOf(dayNumber(newest) + 1);
  const from = dateOf(dayNumber(asOf) - CALIBRATION_DAYS);
  const t0 = performance.now();

  // 1–2: forward backtest of the last 91 days → blend weight and calibration.
  const window = sales.filter((s) => s.closeDate >= from && s.closeDate < asOf);
  const trees = new WeeklyTrees(sales, market);
  const comps = await valueSubjects(
    sales,
    window.map((s) => ({ subject: { ...s, address: s.address ?? s.id, mlsId: s.id }, valuationDate: s.closeDate })),
  );
  const rows = comps.flatMap((r, i) => {
    const row = backtestRow(r, window[i]!.closePrice, trees.predict(r.subject, r.valuationDate));
    return row ? [row] : [];
  });
  const fitted = fitMarketVersion(rows, { from, to: dateOf(dayNumber(asOf) - 1), label: market });

  // 3: the trees of this version, on every sale before as-of.
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const t = trainMarketTrees({ sales, asOf });
  const c = process.cpuUsage(c0);
  if (!t) {
    console.error(`${market}: fewer than 200 sales before ${asOf}; no model (the estimate uses comps alone).`);
    return 1;
  }
  const model: MarketModel = { version: `${market}@${asOf}`, market, asOf, trainedOn: t.trainedOn, gbt: t.gbt, ...fitted };
  const out = typeof args.out === 'string' ? args.out : join('.data/market-models', market, `${market}@${asOf}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(model));
  const v = fitted.validation;
  const pc = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(`${model.version}: trees on ${t.trainedOn.sales} sales (${t.trainedOn.firstSale} … ${t.trainedOn.lastSale})`);
  console.log(
    `  final training: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - w0) / 1000).toFixed(1)} s wall; whole run ${((performance.now() - t0) / 1000).toFixed(1)} s (weekly trees trained now: ${trees.trainedNow}, ${(trees.trainCpuMs / 1000).toFixed(1)} s CPU)`,
  );
  console.log(
    `  forward validation on ${v.subjects} sales ${v.from} … ${v.to}: comps ${pc(v.medianAbsErrorComps)}, model ${pc(v.medianAbsErrorModel)}, blend ${pc(v.medianAbsErrorBlend)} median abs error; coverage ${pc(v.coverage)}`,
  );
  console.log(`  comps weight ${fitted.blend.compsWeight}; calibration ${JSON.stringify(fitted.calibration)}`);
  console.log(`  written to ${out} (${(JSON.stringify(model).length / 1e6).toFixed(1)} MB)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
