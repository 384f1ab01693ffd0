/**
 * Valuation v2 in production (decision 0023): the worker values with the market's stored model, and
 * when there is none yet it values with comps alone, says so and enqueues training (the report does
 * not wait). Local MLS over a small market (the synthetic second market, Jan–Sep 2014, with the
 * county-only columns the local server requires filled in), so training takes seconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURRENT_CONSENT_VERSION, type Valuation } from '@opencma/core';
import { getActiveMarketModelHead, getMarketModel, listMarketModels, storeMarketModel } from '@opencma/db';
import { createSimplyRetsClient, startLocalMlsServer, type LocalMlsServer } from '@opencma/mls';
import { TRAIN_MARKET_MODEL } from '@opencma/queue';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/poll';
import { testConfig } from '../helpers/test-config';
import { createPostgresTestDatabaseUrl, testDatabaseKind } from '../helpers/test-database';

const SYNTHETIC = path.resolve(import.meta.dirname, '../../data/synthetic/sales.csv');
const LAST_SALE_DAY = '2014-09-30';

/** The synthetic market up to LAST_SALE_DAY, in the column form the local MLS reads. */
function writeMarketCsv(): string {
  const [header, ...lines] = fs.readFileSync(SYNTHETIC, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const rows = lines
    .map((l) => l.split(','))
    .filter((r) => r[at('sale_date')]! <= LAST_SALE_DAY)
    .map((r, i) => {
      const fill = (name: string, value: string) => {
        if (r[at(name)] === '') r[at(name)] = value;
      };
      fill('street', `${100 + i} Market St`);
      fill('state', 'WA');
      fill('view', '0');
      fill('condition', '3');
      fill('grade', '7');
      fill('sqft_above', r[at('sqft_living')]!);
      fill('sqft_basement', '0');
      fill('sqft_living15', r[at('sqft_living')]!);
      fill('sqft_lot15', r[at('sqft_lot')]!);
      return r.join(',');
    });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-market-')), 'sales.csv');
  fs.writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
  return file;
}

describe(`market model in the worker (local MLS, ${testDatabaseKind})`, () => {
  let mls: LocalMlsServer;
  let system: RunningSystem;
  let dropDatabase: (() => Promise<void>) | undefined;
  let listingIds: string[] = [];

  beforeAll(async () => {
    mls = await startLocalMlsServer({ host: '127.0.0.1', port: 0, dataFile: writeMarketCsv() });
    const client = createSimplyRetsClient({ baseUrl: mls.url.replace(/\/$/, ''), key: 'simplyrets', secret: 'simplyrets' });
    const recent = await client.search({ status: 'Closed', sort: '-closedate', limit: 3 });
    listingIds = recent.listings.map((l) => String(l.mlsId));
    const postgres = await createPostgresTestDatabaseUrl();
    dropDatabase = postgres?.drop;
    system = await startSystem(
      testConfig({
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
        SIMPLYRETS_BASE_URL: mls.url,
        MARKET_MODEL: 'on',
        MODEL_MARKET: 'synthetic',
        MODEL_RETRAIN_CRON: 'off',
        PDF_DISABLED: 'true',
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), listen: false, apiLogger: false },
    );
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await mls?.close();
    await dropDatabase?.();
  });

  const submit = async (mlsId: string, n: number) => {
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: 'demo',
        phone: `201-555-01${String(n).padStart(2, '0')}`,
        address: `Listing ${mlsId}, Synthetown`,
        place: { mlsId },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    return res.json().report_id as string;
  };
  const completed = async (id: string) =>
    pollUntil(
      async () => {
        const r = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
        return r.status === 'completed' || r.status === 'failed' ? r : undefined;
      },
      120_000,
      50,
    );

  it('without a model: comps alone (the blend and notes say so) and training is enqueued; then the stored model is used', async () => {
    expect(await getActiveMarketModelHead(system.database.db, 'synthetic')).toBeNull();
    const first = await completed(await submit(listingIds[0]!, 1));
    expect(first.failureReason).toBeNull();
    expect(first.status).toBe('completed');
    const v1 = first.valuation as Valuation;
    expect(v1.estimate).not.toBeNull();
    expect(v1.blend).toMatchObject({ compsWeight: 1, marketModelWeight: 0, marketModelValue: null, marketModelVersion: null });
    expect(v1.blend!.compsValue).toBeGreaterThan(0);
    expect(v1.notes.some((n) => n.includes('No market model has been trained'))).toBe(true);

    // The report did not wait: training runs as its own job and stores an active version.
    const head = await pollUntil(async () => (await getActiveMarketModelHead(system.database.db, 'synthetic')) ?? undefined, 300_000, 250);
    // Stale data: valued (and trained) as of the day after the newest sale; it learned only from earlier ones.
    expect(head.version).toBe('synthetic@2014-10-01');
    expect(head.as_of).toBe('2014-10-01');
    const stored = (await getMarketModel(system.database.db, head.id))!;
    expect(stored.trainedOn.lastSale! < stored.asOf).toBe(true);
    expect(stored.trainedOn.lastSale!.slice(0, 10)).toBe(LAST_SALE_DAY);
    expect(stored.validation!.to).toBe(LAST_SALE_DAY);
    expect(stored.calibration.source).toContain('synthetic');
    await pollUntil(async () => ((await system.queue.counts(TRAIN_MARKET_MODEL)).active === 0 ? true : undefined), 30_000);

    const second = await completed(await submit(listingIds[1]!, 2));
    const v2 = second.valuation as Valuation;
    expect(v2.blend!.marketModelVersion).toBe('synthetic@2014-10-01');
    expect(v2.blend!.marketModelValue).toBeGreaterThan(0);
    expect(v2.blend!.compsWeight + v2.blend!.marketModelWeight).toBeCloseTo(1, 3);
    expect(v2.blend!.calibrationSource).toContain('synthetic');
    // The stored version's market drift is applied and shown (bounded to about ±3%).
    expect(Math.abs(v2.blend!.marketDrift!)).toBeLessThanOrEqual(0.031);
    expect(v2.notes.some((n) => n.startsWith('Comparable sales suggest'))).toBe(true);
    expect(v2.notes.some((n) => n.includes('No market model has been trained'))).toBe(false);

    // A repeated training job with nothing new keeps the version; the OpenAPI document describes the blend.
    await system.queue.enqueue(TRAIN_MARKET_MODEL, { market: 'synthetic' });
    await pollUntil(async () => {
      const c = await system.queue.counts(TRAIN_MARKET_MODEL);
      return c.waiting + c.active === 0 ? true : undefined;
    }, 120_000);
    expect((await listMarketModels(system.database.db, 'synthetic')).map((m) => m.version)).toEqual(['synthetic@2014-10-01']);
    const spec = (await system.api.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(spec.paths['/v1/consumer-reports/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ConsumerReport',
    );
    expect(Object.keys(spec.components.schemas.ValuationBlend.properties)).toEqual([
      'compsValue',
      'marketModelValue',
      'compsWeight',
      'marketModelWeight',
      'marketDrift',
      'marketModelVersion',
      'calibrationSource',
    ]);
  }, 600_000);

  it('a stored version whose trees predate the current model features is not used: comps alone, and training is enqueued', async () => {
    const head = (await getActiveMarketModelHead(system.database.db, 'synthetic'))!;
    const current = (await getMarketModel(system.database.db, head.id))!;
    const { featuresVersion: _, ...olderTrees } = current.gbt;
    await storeMarketModel(system.database.db, { ...current, version: 'synthetic@2014-10-01-old', gbt: olderTrees }, new Date());
    const report = await completed(await submit(listingIds[2]!, 3));
    const v = report.valuation as Valuation;
    expect(report.status).toBe('completed');
    expect(v.blend).toMatchObject({ compsWeight: 1, marketModelValue: null, marketModelVersion: null });
    expect(v.notes.some((n) => n.includes('No market model has been trained'))).toBe(true);
    // Training was asked for: a new usable version replaces the old one.
    const fresh = await pollUntil(
      async () => {
        const h = await getActiveMarketModelHead(system.database.db, 'synthetic');
        return h && !h.version.includes('-old') ? h : undefined;
      },
      300_000,
      250,
    );
    expect(fresh.version.startsWith('synthetic@2014-10-01')).toBe(true);
    await pollUntil(async () => ((await system.queue.counts(TRAIN_MARKET_MODEL)).active === 0 ? true : undefined), 30_000);
  }, 600_000);
});
