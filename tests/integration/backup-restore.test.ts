/**
 * `npm run backup` / `npm run restore` (scripts/lib/backup.ts, decision 0027): a backup of a running
 * system restored into an empty one (fresh database, empty storage) serves the same report and the
 * same PDF; restore refuses a database that is not empty, and a folder that is not a backup, changing
 * nothing. PostgreSQL (TEST_DATABASE_URL), pg_dump/pg_restore and Chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findChrome } from '@opencma/pdf';
import { createLogger, createStorage, startSystem, type RunningSystem } from '@opencma/runtime';
import { backup, restore } from '../../scripts/lib/backup';
import { pollUntil } from '../helpers/poll';
import { testConfig } from '../helpers/test-config';
import { createPostgresTestDatabaseUrl } from '../helpers/test-database';
import { requestReport } from '../helpers/test-system';

const ready = Boolean(process.env.TEST_DATABASE_URL && findChrome() && spawnSync('pg_dump', ['--version']).status === 0);
if (!ready) console.warn('SKIPPED backup/restore: needs TEST_DATABASE_URL, Chromium and pg_dump');

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function start(databaseUrl: string, storageDir: string): Promise<RunningSystem> {
  const system = await startSystem(testConfig({ DATABASE_URL: databaseUrl, STORAGE_DIR: storageDir }), {
    logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
    listen: false,
    apiLogger: false,
  });
  cleanups.push(() => system.stop());
  return system;
}

async function freshDatabase(): Promise<string> {
  const db = await createPostgresTestDatabaseUrl();
  cleanups.push(db!.drop);
  return db!.url;
}

const tmp = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `opencma-${name}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    return r.rows[0].n;
  } finally {
    await client.end();
  }
}

describe.skipIf(!ready)('backup and restore (PostgreSQL + stored PDFs)', () => {
  it('restores a running system into an empty one that serves the same report and PDF', async () => {
    const sourceUrl = await freshDatabase();
    const sourceStorage = tmp('source-storage');
    const source = await start(sourceUrl, sourceStorage);
    const id = await requestReport(source, { phone: '201-555-0177' });
    const report = await pollUntil(
      async () => {
        const r = (await source.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
        return r.status === 'completed' && r.pdf.status !== 'pending' ? r : undefined;
      },
      90_000,
      250,
    );
    expect(report.pdf.status).toBe('ready');
    const pdf = (await source.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}/pdf` })).rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const backupDir = path.join(tmp('backups'), 'b1');
    const manifest = await backup({ databaseUrl: sourceUrl, storage: source.storage }, backupDir);
    expect(manifest.objects).toEqual([`reports/${id}.pdf`]);
    expect(manifest.missing_objects).toEqual([]);
    // a second backup never overwrites one
    await expect(backup({ databaseUrl: sourceUrl, storage: source.storage }, backupDir)).rejects.toThrow(/not empty/);

    // an empty stack: a new database and storage nobody has written to
    const targetUrl = await freshDatabase();
    const targetStorageDir = tmp('target-storage');
    const targetStorage = createStorage(testConfig({ STORAGE_DIR: targetStorageDir }));

    // not a backup: refused before anything is written
    const notBackup = tmp('not-backup');
    writeFileSync(path.join(notBackup, 'database.dump'), 'nope');
    await expect(restore({ databaseUrl: targetUrl, storage: targetStorage }, notBackup)).rejects.toThrow(/not a backup \(no manifest.json\)/);
    expect(await tableCount(targetUrl)).toBe(0);
    expect(readdirSync(targetStorageDir)).toEqual([]);

    await restore({ databaseUrl: targetUrl, storage: targetStorage }, backupDir);
    // restoring again into the now-used database is refused
    await expect(restore({ databaseUrl: targetUrl, storage: targetStorage }, backupDir)).rejects.toThrow(/target database is not empty/);

    const target = await start(targetUrl, targetStorageDir);
    const restored = (await target.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
    expect(restored).toEqual(report);
    const restoredPdf = await target.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}/pdf` });
    expect(restoredPdf.statusCode).toBe(200);
    expect(Buffer.compare(restoredPdf.rawPayload, pdf)).toBe(0);
  }, 180_000);
});
