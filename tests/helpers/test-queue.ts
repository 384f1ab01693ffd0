import { createPgBossQueue, type JobQueue } from '@opencma/queue';
import type { Database } from '@opencma/db';
import { createTestDatabase } from './test-database';

/**
 * A fresh test database (see createTestDatabase) with a started pg-boss queue in it, for tests that run
 * jobs by hand; `drop()` stops the queue, then drops the database.
 */
export async function createTestDatabaseWithQueue(
  policy: { attempts: number; backoffMs: number } = { attempts: 2, backoffMs: 1000 },
): Promise<{ database: Database; queue: JobQueue; drop(): Promise<void> }> {
  const test = await createTestDatabase();
  const queue = createPgBossQueue({ sql: test.database.sql, ...policy });
  try {
    await queue.start();
  } catch (err) {
    await test.drop();
    throw err;
  }
  return {
    database: test.database,
    queue,
    async drop() {
      await queue.stop();
      await test.drop();
    },
  };
}
