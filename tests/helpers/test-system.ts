import { createLogger, startSystem, type RunningSystem, type StartSystemOptions } from '@opencma/runtime';
import { testConfig } from './test-config';
import { createPostgresTestDatabaseUrl } from './test-database';

/** A running system for one test file, and how to end it. */
export interface TestSystem {
  system: RunningSystem;
  /** Stops the system, then drops its PostgreSQL database (if it has one). */
  stop(): Promise<void>;
}

/**
 * The whole system (API by inject, worker, local MLS and SMTP server) on a fresh test database: PGlite, or a
 * new PostgreSQL database with TEST_DATABASE_URL (and BullMQ with TEST_REDIS_URL, see testConfig). `env`
 * adds to testConfig's; `options` to the silent logger with no listeners and no API request logs.
 */
export async function startTestSystem(env: Record<string, string> = {}, options: Partial<StartSystemOptions> = {}): Promise<TestSystem> {
  const postgres = await createPostgresTestDatabaseUrl();
  try {
    const system = await startSystem(testConfig({ ...(postgres ? { DATABASE_URL: postgres.url } : {}), ...env }), {
      logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      listen: false,
      apiLogger: false,
      ...options,
    });
    return {
      system,
      async stop() {
        await system.stop();
        await postgres?.drop();
      },
    };
  } catch (err) {
    await postgres?.drop();
    throw err;
  }
}
