/**
 * Train one version of a market's model and store it as the market's active version, exactly as the
 * worker's scheduled retraining does (trainMarketVersion, decision 0023):
 *
 *   npm run train-model                                   # every closed sale from the MLS (config), market MODEL_MARKET
 *   npm run train-model -- --sales data/synthetic/sales.csv --market synthetic [--as-of 2015-04-01] [--out model.json] [--no-store]
 *   npm run train-model -- --no-store --no-cache --threads 1            # train every tree now, in this process
 *
 * Without --sales the sales come through the MLS gateway (SimplyRETS `lastId` pages; with no
 * SIMPLYRETS_BASE_URL a local MLS server over the bundled King County sales is started for the run).
 * --as-of defaults to the date reports are valued at now (today, or the day after the newest sale when
 * the data is stale); only sales before it are learned from. The version is stored in the database of
 * the configuration (DATABASE_URL, or the PGlite in DATA_DIR: stop `npm start` first, PGlite allows one
 * process) unless --no-store; --out also writes it as JSON. Weekly trees are cached in .data/market-models/
 * (--no-cache: neither read nor written). Trees not cached are trained in MODEL_TRAINING_THREADS worker
 * threads (--threads N overrides; 0/1 = in this process), as the worker does (decision 0038).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dayNumber, type MarketBlend, type Sale, trainMarketVersion } from '@opencma/core';
import { storeMarketModel } from '@opencma/db';
import { startLocalMlsServer } from '@opencma/mls';
import { createDatabase, createMls, loadConfigOrExit } from '@opencma/runtime';
import { trainTreesInThreads, valuationDateFor } from '@opencma/worker';
import { parseArgs } from './lib/args';
import { parseCsv } from './lib/csv';
import { rowToSale } from './lib/kc';
import { WeeklyTrees } from './lib/market';
import { runMain } from './lib/run-main';

async function readSales(args: Record<string, string | true>, config: ReturnType<typeof loadConfigOrExit>): Promise<Sale[]> {
  if (typeof args.sales === 'string') {
    return parseCsv(readFileSync(args.sales, 'utf8'))
      .map(rowToSale)
      .filter((s): s is Sale => s != null);
  }
  const local = config.useLocalMls ? await startLocalMlsServer({ host: '127.0.0.1', port: 0 }) : null;
  try {
    const mls = createMls(local ? { ...config, mlsBaseUrl: local.url.replace(/\/$/, '') } : config);
    return await mls.allClosedSales();
  } finally {
    await local?.close();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  if (args['as-of'] !== undefined && (typeof args['as-of'] !== 'string' || Number.isNaN(dayNumber(args['as-of'])))) {
    console.error('--as-of must be a date YYYY-MM-DD');
    return 2;
  }
  const threadsArg = args.threads;
  if (threadsArg !== undefined && (typeof threadsArg !== 'string' || !/^\d{1,2}$/.test(threadsArg))) {
    console.error('--threads must be a whole number (0/1 = in this process)');
    return 2;
  }
  const threads = threadsArg !== undefined ? Number(threadsArg) : config.modelTrainingThreads;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const sales = await readSales(args, config);
  const market = typeof args.market === 'string' ? args.market : config.modelMarket;
  const asOf = typeof args['as-of'] === 'string' ? args['as-of'] : valuationDateFor(new Date().toISOString().slice(0, 10), sales);
  console.log(`${market}: ${sales.length} closed sales read in ${((performance.now() - t0) / 1000).toFixed(1)} s; training as of ${asOf}`);

  const trees = new WeeklyTrees(sales, market, {}, undefined, args['no-cache'] !== true);
  // With threads: every date not cached is trained at once in worker threads, then cached.
  const trainTreesMany = async (dates: string[]) => {
    const missing = dates.filter((d) => trees.cached(d) === undefined);
    const c0 = process.cpuUsage();
    const trained = await trainTreesInThreads({ sales, threads }, missing);
    for (const [d, t] of trained) trees.remember(d, t);
    const c = process.cpuUsage(c0); // includes the threads' CPU (process-wide)
    trees.trainCpuMs += (c.user + c.system) / 1000;
    return new Map(dates.map((d) => [d, trees.cached(d) ?? null]));
  };
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const model = await trainMarketVersion({
    market,
    sales,
    asOf,
    treesAsOf: (d) => trees.asOf(d),
    trainTreesMany: threads > 1 ? trainTreesMany : undefined,
  });
  const cpu = process.cpuUsage(cpu1);
  if (!model) {
    console.error(`${market}: fewer than 200 sales before ${asOf}; no model (reports use comps alone).`);
    return 1;
  }
  const v = model.validation;
  const pc = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(`${model.version}: trees on ${model.trainedOn.sales} sales (${model.trainedOn.firstSale} … ${model.trainedOn.lastSale})`);
  console.log(
    `  training: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - t1) / 1000).toFixed(1)} s wall (${threads > 1 ? `${threads} threads` : 'in process'}; weekly trees trained now: ${trees.trainedNow}, ${(trees.trainCpuMs / 1000).toFixed(1)} s CPU; the rest cached)`,
  );
  if (v) {
    console.log(
      `  forward validation on ${v.subjects} sales ${v.from} … ${v.to}: comps ${pc(v.medianAbsErrorComps)}, model ${pc(v.medianAbsErrorModel)}, blend ${pc(v.medianAbsErrorBlend)} median abs error; coverage ${pc(v.coverage)}`,
    );
  }
  const drift = (model.blend as MarketBlend).drift ?? 0;
  console.log(
    `  comps weight ${model.blend.compsWeight}; market drift ${(Math.expm1(drift) * 100).toFixed(2)}%; calibration ${JSON.stringify(model.calibration)}`,
  );
  if (typeof args.out === 'string') {
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, JSON.stringify(model));
    console.log(`  written to ${args.out} (${(JSON.stringify(model).length / 1e6).toFixed(1)} MB)`);
  }
  if (args['no-store'] !== true) {
    const database = await createDatabase(config);
    try {
      const stored = await storeMarketModel(database.db, model, new Date());
      console.log(`  stored as ${stored.version} (active for ${market}) in ${database.kind === 'pglite' ? config.pgliteDir : 'DATABASE_URL'}`);
    } finally {
      await database.close();
    }
  }
  const total = process.cpuUsage(cpu0);
  console.log(`  whole run ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((total.user + total.system) / 1e6).toFixed(1)} s CPU`);
  return 0;
}

runMain(main);
