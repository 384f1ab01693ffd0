import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hand-written SQL migrations and their journal (meta/_journal.json), applied by drizzle's migrator. */
export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/**
 * pg_advisory_lock key held while migrating: replicas starting at once take turns, and the ones that
 * come after the first find nothing left to do. (Any constant; "OpenCMA migrations".)
 */
export const MIGRATION_LOCK_KEY = 4_206_001_791;

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(): JournalEntry[] {
  const parsed = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return parsed.entries;
}

/**
 * Migrations the database has not had yet, by tag (drizzle records each applied migration's `when`
 * in drizzle.__drizzle_migrations and applies those newer than the last one recorded).
 */
export async function pendingMigrations(sql: { executeSql(text: string): Promise<{ rows: unknown[] }> }): Promise<string[]> {
  const table = (await sql.executeSql(`select to_regclass('drizzle.__drizzle_migrations') as t`)).rows[0] as { t: string | null };
  let last = -1;
  if (table.t) {
    const row = (await sql.executeSql('select max(created_at) as last from drizzle.__drizzle_migrations')).rows[0] as { last: string | null };
    last = row.last === null ? -1 : Number(row.last);
  }
  return journal()
    .filter((e) => e.when > last)
    .map((e) => e.tag);
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database schema is behind this release (${pending.length} migration(s) pending: ${pending.join(', ')}) and ` +
        'MIGRATE_ON_START=false: run the migrate command (`docker compose run --rm migrate` or `npm run migrate`) first.',
    );
    this.name = 'PendingMigrationsError';
  }
}
