/**
 * The market model alone, forward, fast: trees trained as of the first of each month (sales strictly
 * before it) value that month's sales. For model experiments on the tuning quarter; `npm run backtest`
 * is the measurement of the whole path. With --comps <dump of `npm run backtest -- --comps-only --dump`>
 * covering the three months before --from too, it also prints the blend comps^w × model^(1−w), w fitted
 * each month on the three months before it (as the backtest's versions do, without the calibration).
 *
 *   npx tsx scripts/market-model-eval.ts [--from 2014-10 --months 3] [--sales <csv>] [--gbt '<json>'] [--options '<json>'] [--comps <json>]
 */
import { readFileSync } from 'node:fs';
import { predictMarketValue, type Sale, trainMarketTrees } from '@opencma/core';
import { parseArgs } from './lib/args';
import { parseCsv } from './lib/csv';
import { rowToSale } from './lib/kc';

function addMonths(month: string, k: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + k, 1));
  return d.toISOString().slice(0, 7);
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const within = (ae: number[], t: number) => `${((ae.filter((x) => x <= t).length / ae.length) * 100).toFixed(1)}%`;

const args = parseArgs(process.argv.slice(2));
const file = typeof args.sales === 'string' ? args.sales : 'data/king-county/sales_2014-05_2015-03.csv';
const from = typeof args.from === 'string' ? args.from : '2014-10';
const months = Number(typeof args.months === 'string' ? args.months : 3);
const gbt = typeof args.gbt === 'string' ? JSON.parse(args.gbt) : {};
const options = typeof args.options === 'string' ? JSON.parse(args.options) : {};
const comps = new Map<string, number>();
if (typeof args.comps === 'string') {
  for (const r of JSON.parse(readFileSync(args.comps, 'utf8')) as { id: string; engine: number | null }[])
    if (r.engine != null) comps.set(r.id, r.engine);
}
const sales: Sale[] = [];
for (const row of parseCsv(readFileSync(file, 'utf8'))) {
  const s = rowToSale(row);
  if (s) sales.push(s);
}

interface Row {
  month: string;
  actual: number;
  model: number;
  comps: number | null;
}
const rows: Row[] = [];
let cpu = 0;
let predMs = 0;
let trained = 0;
const first = comps.size ? -3 : 0;
for (let i = first; i < months; i++) {
  const m = addMonths(from, i);
  const asOf = `${m}-01`;
  const next = `${addMonths(from, i + 1)}-01`;
  const c0 = process.cpuUsage();
  const t = trainMarketTrees({ sales, asOf, params: gbt, options })!;
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1000;
  trained++;
  const p0 = performance.now();
  let n = 0;
  for (const s of sales.filter((x) => x.closeDate >= asOf && x.closeDate < next)) {
    const v = predictMarketValue(t.gbt, { ...s }, s.closeDate);
    n++;
    if (v != null) rows.push({ month: m, actual: s.closePrice, model: v, comps: comps.get(s.id) ?? null });
  }
  predMs += performance.now() - p0;
  const e = rows.filter((r) => r.month === m).map((r) => r.model / r.actual - 1);
  console.log(
    `${m}: n=${e.length}/${n} model median abs ${pct(median(e.map(Math.abs)))} bias ${pct(median(e))}  train ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, json ${(JSON.stringify(t.gbt).length / 1e6).toFixed(2)} MB`,
  );
}
const test = rows.filter((r) => r.month >= from);
const errs = test.map((r) => r.model / r.actual - 1);
const ae = errs.map(Math.abs);
console.log(
  `ALL gbt=${JSON.stringify(gbt)} options=${JSON.stringify(options)}: n=${errs.length} model median abs ${pct(median(ae))}  within 10% ${within(ae, 0.1)}  within 20% ${within(ae, 0.2)}  bias ${pct(median(errs))}  train ${(cpu / 1000 / trained).toFixed(1)} s CPU each, predict ${(predMs / rows.length).toFixed(2)} ms each`,
);
if (comps.size) {
  const blendErr = (r: Row, w: number) => Math.exp(w * Math.log(r.comps!) + (1 - w) * Math.log(r.model)) / r.actual - 1;
  const out: number[] = [];
  const ws: string[] = [];
  for (let i = 0; i < months; i++) {
    const m = addMonths(from, i);
    const hist = rows.filter((r) => r.comps != null && r.month >= addMonths(m, -3) && r.month < m);
    let best = { w: 1, e: Number.POSITIVE_INFINITY };
    for (let k = 0; k <= 20; k++) {
      const e = median(hist.map((r) => Math.abs(blendErr(r, k / 20))));
      if (e < best.e) best = { w: k / 20, e };
    }
    ws.push(`${m} w=${best.w}`);
    for (const r of rows.filter((x) => x.month === m && x.comps != null)) out.push(blendErr(r, best.w));
  }
  const bae = out.map(Math.abs);
  const cae = test.filter((r) => r.comps != null).map((r) => Math.abs(r.comps! / r.actual - 1));
  console.log(
    `BLEND n=${out.length} median abs ${pct(median(bae))}  within 10% ${within(bae, 0.1)}  within 20% ${within(bae, 0.2)}  bias ${pct(median(out))}  (comps alone ${pct(median(cae))}; ${ws.join(', ')})`,
  );
}
