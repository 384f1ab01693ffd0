import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@opencma/db';

/** Which database the integration tests run on: PGlite, or PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * With TEST_DATABASE_URL set: a new, empty PostgreSQL database on that server for one test file
 * (its URL, and `drop()` to remove it). Without it: null — use PGlite.
 */
export async function createPostgresTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return null;
  const name = `opencma_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`) };
}

/** A fresh, migrated database for one test file: in-memory PGlite, or PostgreSQL with TEST_DATABASE_URL. */
export async function createTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const postgres = await createPostgresTestDatabaseUrl();
  const database = await openDatabase(postgres ? { databaseUrl: postgres.url, poolSize: 5 } : { pgliteDir: 'memory://' });
  return {
    database,
    async drop() {
      await database.close();
      await postgres?.drop();
    },
  };
}
