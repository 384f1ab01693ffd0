// Temporary tuning harness (deleted before hand-off).
import { readFileSync } from 'node:fs';
import { collectCandidateSales, type Sale } from '@opencma/core';
import { ENGINE_PARAMS, valueWithDiagnostics } from '../../packages/core/src/valuation';
import { parseCsv } from './csv';
import { rowToSale } from './kc';
import { SaleGrid } from './grid';

const from = process.argv[2] ?? '2014-10-01';
const to = process.argv[3] ?? '2014-12-31';
const sample = Number(process.argv[4] ?? '2');
const configs: Array<Record<string, number>> = JSON.parse(process.argv[5] ?? '[{}]');
const sales: Sale[] = parseCsv(readFileSync('data/king-county/sales_2014-05_2015-03.csv', 'utf8')).map(rowToSale).filter((s): s is Sale => !!s);
const period = sales.filter((s) => s.closeDate >= from && s.closeDate <= to).filter((_, i) => i % sample === 0);
const grid = new SaleGrid(sales);
const base = { ...ENGINE_PARAMS };
const pools = new Map<number, Sale[][]>();
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };
for (const cfg of configs) {
  const enough = cfg.enough ?? 120;
  if (!pools.has(enough)) {
    const ps: Sale[][] = [];
    for (const s of period) ps.push((await collectCandidateSales(async (p) => grid.search(p), { ...s, address: '', mlsId: s.id }, s.closeDate, { enough })).sales);
    pools.set(enough, ps);
  }
  const ps = pools.get(enough)!;
  Object.assign(ENGINE_PARAMS, base, cfg);
  const t0 = performance.now();
  const e: number[] = [];
  const em: number[] = [];
  period.forEach((s, i) => {
    const r = valueWithDiagnostics({ subject: { ...s, address: '', mlsId: s.id }, sales: ps[i]!, valuationDate: s.closeDate });
    if (r.valuation.estimate) e.push(r.valuation.estimate.value / s.closePrice - 1);
    if (r.diagnostics.modelValue) em.push(r.diagnostics.modelValue / s.closePrice - 1);
  });
  const ms = (performance.now() - t0) / period.length;
  const ae = e.map(Math.abs);
  console.log(`${JSON.stringify(cfg).padEnd(60)} medAE ${(med(ae) * 100).toFixed(2)} w10 ${(ae.filter((x) => x <= 0.1).length / ae.length * 100).toFixed(1)} w20 ${(ae.filter((x) => x <= 0.2).length / ae.length * 100).toFixed(1)} bias ${(med(e) * 100).toFixed(2)} | model ${(med(em.map(Math.abs)) * 100).toFixed(2)} b ${(med(em) * 100).toFixed(2)} | ${ms.toFixed(1)}ms`);
}
