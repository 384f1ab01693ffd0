/** `npm run restore -- DIR`: a backup into an empty database and the configured storage (scripts/lib/backup.ts). */
import path from 'node:path';
import { createStorage, loadConfigOrExit } from '@opencma/runtime';
import { restore } from './lib/backup';

const config = loadConfigOrExit();
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!config.DATABASE_URL || !dir) {
  console.error('usage: npm run restore -- BACKUP_DIR   (with DATABASE_URL set to an empty PostgreSQL database)');
  process.exit(1);
}
restore({ databaseUrl: config.DATABASE_URL, storage: createStorage(config) }, path.resolve(dir))
  .then((manifest) => console.log(`restored the backup of ${manifest.created_at}: database and ${manifest.objects.length} stored object(s)`))
  .catch((err: Error) => {
    console.error(`restore failed: ${err.message}`);
    process.exit(1);
  });
