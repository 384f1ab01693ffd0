import { openDatabase, type Database } from '@opencma/db';
import { describe, it } from 'vitest';
import { createTestDatabase } from '../../../tests/helpers/test-database';
import { createPgBossQueue } from '../src/pg-boss-queue';
import { runQueueContract, type QueueBackend } from './queue-contract';

// pg-boss counts retry delays in whole seconds (at least 1 s) and polls every 0.5 s.
const timing = { backoffMs: 1000, quietMs: 1500 };

function pgBossBackend(database: Database, close: () => Promise<void> = () => database.close()): QueueBackend {
  return {
    create: (policy) => createPgBossQueue({ sql: database.sql, runSchedules: true, ...policy }),
    close,
  };
}

runQueueContract('pg-boss on PGlite', async () => pgBossBackend(await openDatabase({ pgliteDir: 'memory://' })), timing);

const databaseUrl = process.env.TEST_DATABASE_URL;
if (databaseUrl) {
  // a fresh database of its own (never the shared one, whose migrations other runs may have left in any state)
  runQueueContract(
    'pg-boss on PostgreSQL',
    async () => {
      const { database, drop } = await createTestDatabase();
      return pgBossBackend(database, drop);
    },
    timing,
  );
} else {
  console.warn('SKIPPED: pg-boss queue contract on PostgreSQL — set TEST_DATABASE_URL to run it');
  describe.skip('JobQueue contract: pg-boss on PostgreSQL (needs TEST_DATABASE_URL)', () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
