/** `npm run backup -- [--out DIR]`: the database and stored PDFs of the configured system (scripts/lib/backup.ts). */
import path from 'node:path';
import { createStorage, loadConfigOrExit } from '@opencma/runtime';
import { parseArgs } from './lib/args';
import { backup } from './lib/backup';

const config = loadConfigOrExit();
if (!config.DATABASE_URL) {
  console.error('backup needs PostgreSQL (DATABASE_URL). The embedded database: stop `npm start` and copy DATA_DIR.');
  process.exit(1);
}
const args = parseArgs(process.argv.slice(2));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = path.resolve(typeof args.out === 'string' ? args.out : path.join(config.DATA_DIR, 'backups', `opencma-${stamp}`));
backup({ databaseUrl: config.DATABASE_URL, storage: createStorage(config) }, out)
  .then((manifest) => {
    console.log(`backup written to ${out}: database and ${manifest.objects.length} stored object(s)`);
    if (manifest.missing_objects.length) console.warn(`not in storage when backed up: ${manifest.missing_objects.join(', ')}`);
  })
  .catch((err: Error) => {
    console.error(`backup failed: ${err.message}`);
    process.exit(1);
  });
