/**
 * Forward-in-time backtest on the King County file: every subject is valued only from sales dated
 * strictly before its own sale (its own sale excluded; an earlier sale of the same parcel is a fair comp).
 *
 *   npm run backtest                       test period 2015-01-01 … 2015-03-31
 *   npm run backtest -- --from 2014-10-01 --to 2014-12-31
 *   npm run backtest -- --calibrate        measure range/tier calibration on 2014-10-01 … 2014-12-31
 *   options: --sales <csv> (default data/king-county/sales_2014-05_2015-03.csv), --sample <n> (every n-th subject),
 *            --params '<json>' (override engine parameters, ENGINE_PARAMS in packages/core/src/valuation.ts;
 *            for tuning experiments on the calibration period, e.g. --params '{"simKm":0.4}')
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  CALIBRATION,
  COVERAGE,
  ENGINE_PARAMS,
  type ConfidenceTier,
  type EngineParams,
  GBT_DEFAULTS,
  type GbtParams,
  type MarketBlend,
  type Sale,
} from '@opencma/core';
import { parseArgs } from './lib/args';
import { parseCsv } from './lib/csv';
import { rowToSale } from './lib/kc';
import { valueWithMarket } from './lib/market';
import { valueSubjects, type SubjectResult } from './lib/run';
import { runMain } from './lib/run-main';

const DEFAULT_SALES = 'data/king-county/sales_2014-05_2015-03.csv';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;

interface Row {
  actual: number;
  r: SubjectResult;
}

export function summarize(rows: Row[], total: number): string[] {
  const valued = rows.filter((x) => x.r.valuation.estimate);
  const err = valued.map((x) => x.r.valuation.estimate!.value / x.actual - 1);
  const ae = err.map(Math.abs);
  const ratios = valued.map((x) => x.r.valuation.estimate!.value / x.actual);
  const medRatio = median(ratios);
  const cod = (100 * (ratios.reduce((t, r) => t + Math.abs(r - medRatio), 0) / ratios.length)) / medRatio;
  const meanRatio = ratios.reduce((t, r) => t + r, 0) / ratios.length;
  const sumEst = valued.reduce((t, x) => t + x.r.valuation.estimate!.value, 0);
  const sumAct = valued.reduce((t, x) => t + x.actual, 0);
  const prd = meanRatio / (sumEst / sumAct);
  const inRange = (x: Row) => x.actual >= x.r.valuation.estimate!.low && x.actual <= x.r.valuation.estimate!.high;
  const coverage = valued.filter(inRange).length / valued.length;
  const within = (t: number) => ae.filter((e) => e <= t).length / ae.length;
  const ms = rows.map((x) => x.r.ms);
  const lines = [
    `subjects: ${total}   valued: ${valued.length} (${pct(valued.length / total)})`,
    `median absolute % error: ${pct(median(ae), 2)}`,
    `mean absolute % error:   ${pct(ae.reduce((a, b) => a + b, 0) / ae.length, 2)}`,
    `within 5% / 10% / 20%:   ${pct(within(0.05))} / ${pct(within(0.1))} / ${pct(within(0.2))}`,
    `median signed % error (bias): ${pct(median(err), 2)}`,
    `COD: ${cod.toFixed(2)}   PRD: ${prd.toFixed(3)}`,
    `range coverage: ${pct(coverage)} (stated ${pct(COVERAGE, 0)})`,
    `median range width: ${pct(median(valued.map((x) => (x.r.valuation.estimate!.high - x.r.valuation.estimate!.low) / x.r.valuation.estimate!.value)))} of the estimate`,
    'by confidence tier:',
  ];
  for (const tier of ['high', 'medium', 'low'] as ConfidenceTier[]) {
    const t = valued.filter((x) => x.r.valuation.confidence === tier);
    if (!t.length) {
      lines.push(`  ${tier.padEnd(6)} n=0`);
      continue;
    }
    const tae = t.map((x) => Math.abs(x.r.valuation.estimate!.value / x.actual - 1));
    lines.push(
      `  ${tier.padEnd(6)} n=${String(t.length).padStart(5)} (${pct(t.length / valued.length).padStart(6)})  median abs err ${pct(median(tae), 2).padStart(6)}  within 10% ${pct(tae.filter((e) => e <= 0.1).length / tae.length).padStart(6)}  range coverage ${pct(t.filter(inRange).length / t.length).padStart(6)}`,
    );
  }
  lines.push(`time per subject: mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms`);
  return lines;
}

/** --params '<json>': engine parameters to override; unknown names or wrong types are refused. */
function engineParams(raw: string | true | undefined): EngineParams {
  if (raw === undefined) return ENGINE_PARAMS;
  if (raw === true) throw new Error('--params needs a JSON object, e.g. --params \'{"simKm":0.4}\'');
  let overrides: unknown;
  try {
    overrides = JSON.parse(raw);
  } catch {
    throw new Error(`--params is not valid JSON: ${raw}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new Error('--params must be a JSON object');
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in ENGINE_PARAMS)) throw new Error(`--params: unknown engine parameter "${key}" (known: ${Object.keys(ENGINE_PARAMS).join(', ')})`);
    const current = ENGINE_PARAMS[key as keyof EngineParams];
    if (typeof value !== typeof current || Array.isArray(value) !== Array.isArray(current)) {
      throw new Error(`--params: "${key}" must be ${Array.isArray(current) ? 'an array' : `a ${typeof current}`}`);
    }
  }
  return { ...ENGINE_PARAMS, ...(overrides as Partial<EngineParams>) };
}

/** --gbt '<json>': market-model (boosted trees) parameters to override, e.g. --gbt '{"trees":1500,"learningRate":0.03}'. */
function gbtParams(raw: string | true | undefined): Partial<GbtParams> {
  if (raw === undefined) return {};
  if (raw === true) throw new Error('--gbt needs a JSON object, e.g. --gbt \'{"trees":1500}\'');
  const o = JSON.parse(raw) as unknown;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('--gbt must be a JSON object');
  for (const [key, value] of Object.entries(o)) {
    if (!(key in GBT_DEFAULTS)) throw new Error(`--gbt: unknown parameter "${key}" (known: ${Object.keys(GBT_DEFAULTS).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`--gbt: "${key}" must be a number`);
  }
  return o as Partial<GbtParams>;
}

interface MarketSpec {
  label: string;
  file: string;
  from: string;
  to: string;
}
/** The markets `npm run backtest` covers by default: King County and the synthetic second market. */
const MARKETS: Record<string, MarketSpec> = {
  'king-county': { label: 'King County', file: DEFAULT_SALES, from: '2015-01-01', to: '2015-03-31' },
  synthetic: { label: 'Synthetic market (known prices)', file: 'data/synthetic/sales.csv', from: '2015-04-01', to: '2015-06-30' },
};

function loadSales(file: string, mlsLike: boolean): Sale[] {
  const sales: Sale[] = [];
  for (const row of parseCsv(readFileSync(file, 'utf8'))) {
    const s = rowToSale(row);
    if (s && mlsLike) {
      const x = s as Sale & Record<string, unknown>;
      x.grade = null;
      x.condition = null;
      x.sqftLiving15 = null;
      x.sqftLot15 = null;
      x.sqftBasement = null;
    }
    if (s) sales.push(s);
  }
  return sales;
}

async function runMarket(
  market: string,
  spec: MarketSpec,
  o: {
    sample: number;
    repeatOnly: boolean;
    mlsLike: boolean;
    compsOnly: boolean;
    params: EngineParams;
    rawParams: string | true | undefined;
    gbtParams: Partial<GbtParams>;
    dump?: string;
  },
): Promise<Row[]> {
  const sales = loadSales(spec.file, o.mlsLike);
  // Subjects: the sales of the period, described without their price; their own sale is in `sales`
  // but is excluded as the subject's own listing and because it is not strictly earlier.
  // --repeat-sales: only subjects whose home sold earlier in the file (same parcel; mostly flips).
  const soldBefore = new Map<string, string>();
  for (const s of sales) {
    const parcel = s.id.split(':')[0]!;
    const first = soldBefore.get(parcel);
    if (first == null || s.closeDate < first) soldBefore.set(parcel, s.closeDate);
  }
  const periodSales = sales
    .filter((s) => s.closeDate >= spec.from && s.closeDate <= spec.to)
    .filter((s) => !o.repeatOnly || soldBefore.get(s.id.split(':')[0]!)! < s.closeDate)
    .filter((_, i) => i % o.sample === 0);
  const subjects = periodSales.map((s) => ({
    subject: { ...s, address: s.address ?? s.id, mlsId: s.id },
    valuationDate: s.closeDate,
  }));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = o.compsOnly ? null : await valueWithMarket(sales, subjects, { market, sample: o.sample, params: o.params, gbtParams: o.gbtParams });
  const results = run ? run.results : await valueSubjects(sales, subjects, undefined, o.params);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const trainMs = run?.trees.trainCpuMs ?? 0;
  const rows: Row[] = results.map((r, i) => ({ r, actual: periodSales[i]!.closePrice }));

  console.log(`OpenCMA valuation backtest — ${spec.label}, subjects sold ${spec.from} … ${spec.to}, comps and model strictly earlier`);
  console.log(
    `sales file: ${spec.file} (${sales.length} sales)${o.sample > 1 ? `, every ${o.sample}th subject` : ''}${o.mlsLike ? ', MLS-like: no grade/condition/county extras' : ''}${o.compsOnly ? ', comps only (no market model)' : ''}${o.repeatOnly ? ', only homes that sold earlier in the file (repeat sales)' : ''}`,
  );
  if (o.params !== ENGINE_PARAMS) console.log(`engine parameters overridden: ${String(o.rawParams)}`);
  for (const l of summarize(rows, rows.length)) console.log(l);
  if (run) {
    const parts = rows.filter((x) => x.r.valuation.blend?.marketModelValue != null);
    const err = (f: (x: Row) => number) => pct(median(parts.map((x) => Math.abs(f(x) / x.actual - 1))), 2);
    console.log(
      `parts (n=${parts.length}): comps alone ${err((x) => x.r.diagnostics.engineValue!)}, market model alone ${err((x) => x.r.diagnostics.marketValue!)} median abs error`,
    );
    console.log('versions (one a week, as the worker retrains; fitted on the 91 days before their Monday):');
    for (const [week, v] of [...run.versions.entries()].sort()) {
      if (!v) {
        console.log(`  ${week}: no market model (too few earlier sales): comps alone, built-in calibration`);
        continue;
      }
      const c = v.calibration;
      const val = v.validation!;
      const drift = (v.blend as MarketBlend).drift ?? 0;
      console.log(
        `  ${week}: comps weight ${v.blend.compsWeight.toFixed(2)}, drift ${pct(Math.expm1(drift), 2)}; disagreement weight ${c.disagreement ?? 0}; tiers u < ${c.highMaxU.toFixed(3)} / ${c.mediumMaxU.toFixed(3)}, k ${c.k.high.toFixed(3)} / ${c.k.medium.toFixed(3)} / ${c.k.low.toFixed(3)}; ${val.subjects} sales ${val.from} … ${val.to} (comps ${pct(val.medianAbsErrorComps, 2)}, model ${pct(val.medianAbsErrorModel, 2)}, blend ${pct(val.medianAbsErrorBlend, 2)})${c.note ? ` — ${c.note}` : ''}`,
      );
    }
    console.log(
      `model training: ${run.trees.trainedNow} weekly models trained now (${(trainMs / 1000).toFixed(1)} s CPU, ${run.trees.trainedNow ? (trainMs / 1000 / run.trees.trainedNow).toFixed(1) : '-'} s each), the rest from the cache (.data/market-models)`,
    );
  }
  console.log(
    `wall time: ${wall.toFixed(1)} s; CPU time ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, of which model training ${(trainMs / 1000).toFixed(1)} s (wall-clock times grow when the machine is busy)`,
  );
  if (o.dump) {
    writeFileSync(
      o.dump,
      JSON.stringify(
        rows.map((x) => ({
          id: x.r.subject.mlsId,
          date: x.r.valuationDate,
          actual: x.actual,
          engine: x.r.diagnostics.engineValue,
          market: x.r.diagnostics.marketValue,
          u: x.r.diagnostics.u,
          value: x.r.valuation.estimate?.value ?? null,
          flagReason: x.r.valuation.flagReason,
        })),
      ),
    );
    // The calibration windows before each week (what the weekly versions were fitted on), for scripts/blend-lab.ts.
    if (run) {
      writeFileSync(
        o.dump.replace(/\.json$/, '-history.json'),
        JSON.stringify(
          run.history.map((h) => ({
            id: h.id,
            date: h.date,
            actual: h.row.actual,
            engine: h.row.engineValue,
            market: h.row.marketValue,
            u: h.row.u,
          })),
        ),
      );
    }
  }
  return rows;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const calibrate = args.calibrate === true;
  const sample = typeof args.sample === 'string' ? Math.max(1, Number(args.sample)) : 1;
  // --mls-like: drop the county-only facts (grade, condition, neighbours' area, basement) everywhere,
  // as most MLS feeds lack them.
  const mlsLike = args['mls-like'] === true;
  // --comps-only (and --calibrate): the comps engine alone with the built-in calibration (the v1 path).
  const compsOnly = args['comps-only'] === true || calibrate;
  const params = engineParams(args.params);
  const explicit = typeof args.sales === 'string' || typeof args.from === 'string' || typeof args.to === 'string' || calibrate;
  const markets: [string, MarketSpec][] =
    typeof args.market === 'string'
      ? [[args.market, MARKETS[args.market] ?? { ...MARKETS['king-county']!, label: args.market }]]
      : explicit
        ? [['king-county', MARKETS['king-county']!]]
        : Object.entries(MARKETS);
  let rows: Row[] = [];
  for (const [i, [market, base]] of markets.entries()) {
    const spec: MarketSpec = {
      ...base,
      file: typeof args.sales === 'string' ? args.sales : base.file,
      from: typeof args.from === 'string' ? args.from : calibrate ? '2014-10-01' : base.from,
      to: typeof args.to === 'string' ? args.to : calibrate ? '2014-12-31' : base.to,
    };
    if (i > 0) console.log('');
    rows = await runMarket(market, spec, {
      sample,
      repeatOnly: args['repeat-sales'] === true,
      mlsLike,
      compsOnly,
      params,
      rawParams: args.params,
      gbtParams: gbtParams(args.gbt),
      dump: typeof args.dump === 'string' ? `${args.dump.replace(/\.json$/, '')}${i ? `-${market}` : ''}.json` : undefined,
    });
  }

  if (calibrate && mlsLike) {
    const valued = rows.filter((x) => x.r.valuation.estimate && x.r.diagnostics.u != null);
    const z = valued.map((x) => {
      const e = x.r.valuation.estimate!;
      const half = Math.log(e.high / e.value);
      return Math.abs(Math.log(x.actual / e.value)) / half;
    });
    const f = CALIBRATION.noGradeFactor * quantile(z, COVERAGE);
    console.log(`\nMLS-like calibration: noGradeFactor ${Math.round(f * 1000) / 1000} (in use: ${CALIBRATION.noGradeFactor})`);
  } else if (calibrate) {
    const valued = rows.filter((x) => x.r.valuation.estimate && x.r.diagnostics.u != null);
    const u = valued.map((x) => x.r.diagnostics.u!);
    const highMaxU = quantile(u, 1 / 3);
    const mediumMaxU = quantile(u, 2 / 3);
    const tierOf = (v: number): ConfidenceTier => (v < highMaxU ? 'high' : v < mediumMaxU ? 'medium' : 'low');
    const k: Record<ConfidenceTier, number> = { high: 0, medium: 0, low: 0 };
    for (const tier of ['high', 'medium', 'low'] as ConfidenceTier[]) {
      const z = valued
        .filter((x) => tierOf(x.r.diagnostics.u!) === tier)
        .map((x) => Math.abs(Math.log(x.actual / x.r.valuation.estimate!.value)) / x.r.diagnostics.u!);
      k[tier] = quantile(z, COVERAGE);
    }
    const r4 = (x: number) => Math.round(x * 10000) / 10000;
    console.log('\ncalibration measured on this period (paste into packages/core/src/calibration.ts):');
    console.log(
      JSON.stringify({ highMaxU: r4(highMaxU), mediumMaxU: r4(mediumMaxU), k: { high: r4(k.high), medium: r4(k.medium), low: r4(k.low) } }, null, 2),
    );
    console.log('currently in use:', JSON.stringify(CALIBRATION));
  }
  return 0;
}

runMain(main);
