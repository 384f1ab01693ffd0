/** `npm run migrate` (the image's `migrate` role): applies pending migrations under the migration lock, then exits. */
import { openDatabase, PendingMigrationsError } from '@opencma/db';
import { loadConfigOrExit } from '@opencma/runtime';

const config = loadConfigOrExit();
const target = { databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir };

async function main() {
  const pending = await openDatabase({ ...target, migrate: false }).then(
    async (database) => {
      await database.close();
      return [];
    },
    (err: unknown) => {
      if (err instanceof PendingMigrationsError) return err.pending;
      throw err;
    },
  );
  if (pending.length === 0) {
    console.log('database schema is current: nothing to migrate');
    return;
  }
  const database = await openDatabase({ ...target, migrate: true });
  await database.close();
  console.log(`applied ${pending.length} migration(s): ${pending.join(', ')}`);
}

main().catch((err: Error) => {
  console.error(`migrate failed: ${err.message}`);
  process.exit(1);
});
