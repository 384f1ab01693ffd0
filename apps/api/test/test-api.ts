import type { Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiDeps } from '../src';
import { testConfig } from '../../../tests/helpers/test-config';
import { createTestDatabase } from '../../../tests/helpers/test-database';

/**
 * The API alone on a test database, its logs off, with testConfig(env): no queue behind it, no stored files
 * and no address suggestions, unless `deps` brings them.
 */
export function buildTestApi(
  database: Database,
  env: Record<string, string> = {},
  deps: Partial<Omit<ApiDeps, 'config' | 'database'>> = {},
): Promise<FastifyInstance> {
  return buildApi(
    { config: testConfig(env), database, queue: {} as never, storage: { get: async () => null }, suggestAddresses: async () => [], ...deps },
    { logger: false },
  );
}

/** buildTestApi on a fresh test database (PGlite, or PostgreSQL with TEST_DATABASE_URL); `stop()` closes the API and drops the database. */
export async function startTestApi(env: Record<string, string> = {}): Promise<{ app: FastifyInstance; database: Database; stop(): Promise<void> }> {
  const { database, drop } = await createTestDatabase();
  try {
    const app = await buildTestApi(database, env);
    return {
      app,
      database,
      async stop() {
        await app.close();
        await drop();
      },
    };
  } catch (err) {
    await drop();
    throw err;
  }
}
