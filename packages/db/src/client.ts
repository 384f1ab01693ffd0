import fs from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { MIGRATION_LOCK_KEY, migrationsFolder, PendingMigrationsError, pendingMigrations } from './migrations';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Runs raw SQL for libraries that bring their own schema (pg-boss). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  sql: SqlExecutor;
  /** Cheap liveness check used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite directory; `memory://` for an in-memory database. */
  pgliteDir?: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * true (default): apply pending migrations (PostgreSQL: under an advisory lock, so replicas starting
   * together take turns). false: change nothing and refuse to open a database with pending migrations.
   */
  migrate?: boolean;
}

/** Opens PostgreSQL (DATABASE_URL) or an embedded PGlite, and applies migrations (unless `migrate: false`). */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const migrateOnOpen = opts.migrate ?? true;
  const database = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 10, migrateOnOpen)
    : await openPglite(opts.pgliteDir ?? 'memory://', migrateOnOpen);
  if (!migrateOnOpen) {
    const pending = await pendingMigrations(database.sql).catch(async (err) => {
      await database.close();
      throw err;
    });
    if (pending.length) {
      await database.close();
      throw new PendingMigrationsError(pending);
    }
  }
  return database;
}

/** Runs `fn` holding the migration lock on a connection of its own (released when the connection ends, too). */
async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function openPostgres(url: string, max: number, migrateOnOpen: boolean): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 3000,
    query_timeout: 15000,
  });
  pool.on('error', () => {
    /* idle client errors (e.g. server restart) surface on the next query */
  });
  const db = drizzle(pool, { schema });
  if (migrateOnOpen) {
    try {
      await withMigrationLock(url, () => migrate(db, { migrationsFolder }));
    } catch (err) {
      await pool.end();
      throw err;
    }
  }
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    sql: { executeSql: async (text, values) => pool.query(text, values as unknown[]) },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

async function openPglite(dir: string, migrateOnOpen: boolean): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const inMemory = dir.startsWith('memory://');
  const releaseLock = inMemory ? () => undefined : lockPgliteDir(dir);
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  if (migrateOnOpen) await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    sql: {
      // PGlite's exec runs multi-statement scripts (pg-boss migrations); query takes parameters.
      executeSql: async (text, values) => {
        if (!values || values.length === 0) {
          const results = await client.exec(text);
          return results[results.length - 1] ?? { rows: [] };
        }
        return client.query(text, values as unknown[]);
      },
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is a single-process database: a second process opening the same folder would corrupt it.
 * A pid lock file makes that a clear error instead.
 */
function lockPgliteDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = `${dir.replace(/\/$/, '')}.lock`;
  try {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${holder} (is \`npm start\` running?). ` +
          'Stop it first, or set DATABASE_URL to use PostgreSQL, which many processes can share.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
