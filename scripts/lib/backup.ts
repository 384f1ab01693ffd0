/**
 * Backups of a running system (decision 0027): the PostgreSQL database (pg_dump, one consistent
 * snapshot) and the stored objects it refers to (report PDFs), copied through the storage adapter,
 * so local folders and S3/R2 buckets are backed up the same way. A backup is a folder:
 *   manifest.json   what is in it; written last, so a folder without it is not a backup
 *   database.dump   pg_dump --format=custom
 *   objects/        the objects, as a local storage folder
 * Restore goes into an empty database only (a fresh stack); the release that starts on it runs the
 * migrations a backup from an older release needs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { createLocalStorage, type ObjectStorage } from '@opencma/storage';

export interface BackupTarget {
  databaseUrl: string;
  storage: ObjectStorage;
}

const manifestSchema = z.object({
  format: z.literal('opencma-backup'),
  version: z.literal(1),
  created_at: z.string(),
  /** Object keys in objects/. */
  objects: z.array(z.string()),
  /** Keys the database named that storage did not have when the backup was made. */
  missing_objects: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('error', (err) => reject(new BackupError(`${command} could not be started (${err.message}): install the PostgreSQL client`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Object keys the database refers to. */
async function referencedKeys(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const table = await client.query(`select to_regclass('public.consumer_reports') as t`);
    if (!table.rows[0].t) return [];
    const rows = await client.query('select distinct pdf_key from consumer_reports where pdf_key is not null order by pdf_key');
    return rows.rows.map((r: { pdf_key: string }) => r.pdf_key);
  });
}

/** Writes a backup into `dir` (which must not exist or be empty). */
export async function backup(source: BackupTarget, dir: string): Promise<BackupManifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BackupError(`${dir} is not empty: give a new folder for the backup`);
  await mkdir(dir, { recursive: true });
  try {
    // The database first: every PDF it names was stored before its row said so, and is still there below.
    await run('pg_dump', [
      '--format=custom',
      '--no-owner',
      '--no-acl',
      `--file=${path.join(dir, 'database.dump')}`,
      `--dbname=${source.databaseUrl}`,
    ]);
    const copy = createLocalStorage({ dir: path.join(dir, 'objects') });
    const objects: string[] = [];
    const missing: string[] = [];
    for (const key of await referencedKeys(source.databaseUrl)) {
      const object = await source.storage.get(key);
      if (!object) {
        missing.push(key);
        continue;
      }
      await copy.put(key, object.body, object.contentType);
      objects.push(key);
    }
    const manifest: BackupManifest = {
      format: 'opencma-backup',
      version: 1,
      created_at: new Date().toISOString(),
      objects,
      missing_objects: missing,
    };
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new BackupError(`${dir} is not a backup (no manifest.json): was the backup interrupted?`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${dir}/manifest.json is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new BackupError(`${dir}/manifest.json is not an OpenCMA backup manifest: ${parsed.error.issues[0]?.message}`);
  if (!existsSync(path.join(dir, 'database.dump'))) throw new BackupError(`${dir}/database.dump is missing`);
  return parsed.data;
}

/** Restores a backup into an empty database and the given storage; refuses (changing nothing) otherwise. */
export async function restore(target: BackupTarget, dir: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const copy = createLocalStorage({ dir: path.join(dir, 'objects') });
  const objects = [];
  for (const key of manifest.objects) {
    const object = await copy.get(key);
    if (!object) throw new BackupError(`${dir}/objects is missing ${key}`);
    objects.push({ key, object });
  }
  const tables = await withClient(target.databaseUrl, async (client) => {
    const rows = await client.query(
      `select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    return rows.rows[0].n as number;
  });
  if (tables > 0) {
    throw new BackupError(
      `the target database is not empty (${tables} tables): restore into a fresh database (stop the app first; see README "Backups")`,
    );
  }
  for (const { key, object } of objects) await target.storage.put(key, object.body, object.contentType);
  await run('pg_restore', [
    '--no-owner',
    '--no-acl',
    '--exit-on-error',
    '--single-transaction',
    `--dbname=${target.databaseUrl}`,
    path.join(dir, 'database.dump'),
  ]);
  return manifest;
}
