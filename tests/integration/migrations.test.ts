/**
 * Migrations on start (decision 0027): replicas starting together take turns under an advisory lock,
 * MIGRATE_ON_START=false changes nothing and refuses a database that is behind, and a database made by
 * the previous release's schema is upgraded to the current one with its data intact. PostgreSQL only
 * (PGlite is one process): runs with TEST_DATABASE_URL.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { findAgentById, getConsumerReport, openDatabase, PendingMigrationsError, pendingMigrations, type Database } from '@opencma/db';
import { createPostgresTestDatabaseUrl } from '../helpers/test-database';

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/db/migrations');
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
const allTags = journal.entries.map((e) => e.tag);
/** The last migration of the previous release: a database it made must upgrade to this one. */
const PREVIOUS_RELEASE_LAST = '0006_agent_workspace';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDatabaseUrl(): Promise<string> {
  const db = await createPostgresTestDatabaseUrl();
  if (!db) throw new Error('TEST_DATABASE_URL is required');
  cleanups.push(db.drop);
  return db.url;
}

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const track = (database: Database) => {
  cleanups.push(() => database.close());
  return database;
};

describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations on start (PostgreSQL)', () => {
  it('several processes starting at once migrate once, in turn, and all open', async () => {
    const url = await freshDatabaseUrl();
    const opened = await Promise.all(Array.from({ length: 6 }, () => openDatabase({ databaseUrl: url, poolSize: 2 }).then(track)));
    expect(opened).toHaveLength(6);
    const rows = await query<{ n: string }>(url, 'select count(*) as n from drizzle.__drizzle_migrations');
    expect(Number(rows[0]!.n)).toBe(allTags.length);
    expect(await pendingMigrations(opened[0]!.sql)).toEqual([]);
  });

  it('MIGRATE_ON_START=false refuses a database that is behind and changes nothing', async () => {
    const url = await freshDatabaseUrl();
    const error = await openDatabase({ databaseUrl: url, migrate: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PendingMigrationsError);
    expect((error as PendingMigrationsError).pending).toEqual(allTags);
    expect((error as Error).message).toMatch(/run the migrate command/);
    const tables = await query<{ n: string }>(url, `select count(*) as n from information_schema.tables where table_schema in ('public', 'drizzle')`);
    expect(Number(tables[0]!.n)).toBe(0);

    track(await openDatabase({ databaseUrl: url })); // the migrate step
    const database = track(await openDatabase({ databaseUrl: url, migrate: false }));
    expect(await pendingMigrations(database.sql)).toEqual([]);
  });

  it(`upgrades a database made by the previous release (migrations up to ${PREVIOUS_RELEASE_LAST}) with its data`, async () => {
    const url = await freshDatabaseUrl();
    // The previous release's migrations: the journal cut after its last migration.
    const previous = mkdtempSync(path.join(tmpdir(), 'opencma-prev-migrations-'));
    cpSync(migrationsFolder, previous, { recursive: true });
    const cut = journal.entries.findIndex((e) => e.tag === PREVIOUS_RELEASE_LAST);
    expect(cut).toBeGreaterThanOrEqual(0);
    writeFileSync(path.join(previous, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut + 1) }));
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    await migrate(drizzle(pool), { migrationsFolder: previous });
    await pool.end();

    // Data as the previous release wrote it (its columns only).
    const [agent] = await query<{ id: string }>(
      url,
      `insert into users (name, phone, agent_code) values ('Upgrade Agent', '+12065550100', 'upgrade-agent') returning id`,
    );
    await query(
      url,
      `insert into consumer_reports (id, agent_id, consumer_phone, property_address, consent_text, consent_text_sha256, consent_at, status, pdf_key, pdf_status, estimate_value)
       values ('rpt_upgrade_0001', $1, '+12065550123', '1 Main St, Seattle, WA 98101', 'I agree', 'sha', now(), 'completed', 'reports/rpt_upgrade_0001.pdf', 'ready', 812000)`,
      [agent!.id],
    );

    const database = track(await openDatabase({ databaseUrl: url })); // this release starting: migrations on start
    expect(await pendingMigrations(database.sql)).toEqual([]);
    const report = await getConsumerReport(database.db, 'rpt_upgrade_0001');
    expect(report).toMatchObject({ status: 'completed', pdf_key: 'reports/rpt_upgrade_0001.pdf', estimate_value: 812000, agent_id: agent!.id });
    expect((await findAgentById(database.db, agent!.id))?.agent.name).toBe('Upgrade Agent');
  });
});

describe('migrations on start (PGlite)', () => {
  it('MIGRATE_ON_START=false refuses an embedded database that is behind; migrating makes it current', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opencma-pglite-migrate-'));
    const pgliteDir = path.join(dir, 'pglite');
    const error = await openDatabase({ pgliteDir, migrate: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PendingMigrationsError);
    expect((error as PendingMigrationsError).pending).toEqual(allTags);
    await (await openDatabase({ pgliteDir })).close();
    const database = track(await openDatabase({ pgliteDir, migrate: false }));
    expect(await pendingMigrations(database.sql)).toEqual([]);
  }, 60_000);
});
