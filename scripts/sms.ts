/**
 * Texts held over the SMS budget (SMS_BUDGET_PER_DAY / SMS_BUDGET_PER_HOUR, decision 0018):
 *   npm run sms -- held                       list them (id, recipient role, when)
 *   npm run sms -- release <id>… | --all      the worker's reconciler sends each once, whatever the budget
 *   npm run sms -- discard <id>… | --all      never sent
 * Uses the same database as `npm start` (stop it first when on the embedded PGlite: one process only).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@opencma/config';
import { discardHeldSms, findHeldSmsIds, listHeldSms, openDatabase, releaseHeldSms } from '@opencma/db';

const USAGE = 'usage: npm run sms -- held | release <id>… | release --all | discard <id>… | discard --all';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'held' && command !== 'release' && command !== 'discard') fail(USAGE);
  const { values, positionals } = parseArgs({ args: rest, options: { all: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (command !== 'held' && Boolean(values.all) === positionals.length > 0) fail(USAGE);
  const bad = positionals.filter((id) => !UUID.test(id));
  if (bad.length) fail(`not an sms id: ${bad.join(', ')}`);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    if (command === 'held') {
      const held = await listHeldSms(database.db);
      for (const h of held) console.log(`${h.id}\t${h.recipient_role}\t${h.created_at.toISOString()}`);
      console.log(`${held.length} held`);
      return;
    }
    const ids = values.all ? undefined : [...new Set(positionals)];
    if (ids) {
      const held = new Set(await findHeldSmsIds(database.db, ids));
      const missing = ids.filter((id) => !held.has(id));
      if (missing.length) fail(`not held (nothing changed): ${missing.join(', ')}`);
    }
    const moved = await (command === 'release' ? releaseHeldSms : discardHeldSms)(database.db, ids);
    console.log(`${command === 'release' ? 'Released' : 'Discarded'} ${moved.length} text(s)`);
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
