/**
 * Manage agents from the command line:
 *   npm run agents -- create --name "Pat Lee" [--email …] [--phone +12065550100] [--photo-url https://…]
 *                            [--headline …] [--subheadline …] [--cta …] [--code …]
 *                            [--account "Brokerage name"] [--logo-url https://…] [--primary-color #0f5132] [--secondary-color #d4a017]
 *   npm run agents -- list
 * Uses the same database as `npm start` (DATABASE_URL, or the embedded PGlite in DATA_DIR — stop
 * `npm start` first in that case: PGlite allows one process).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@opencma/config';
import { createAccount, createAgent, listAgents, openDatabase } from '@opencma/db';
import { normalizeConsumerPhone } from '@opencma/api';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

function httpsOrNull(url: string | undefined, flag: string): string | null {
  if (!url) return null;
  try {
    if (new URL(url).protocol === 'https:') return url;
  } catch {
    /* fall through */
  }
  return fail(`${flag} must be an https:// URL`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'create' && command !== 'list') {
    fail('usage: npm run agents -- create --name "Agent Name" [options] | list');
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
      'photo-url': { type: 'string' },
      headline: { type: 'string' },
      subheadline: { type: 'string' },
      cta: { type: 'string' },
      code: { type: 'string' },
      account: { type: 'string' },
      'logo-url': { type: 'string' },
      'primary-color': { type: 'string' },
      'secondary-color': { type: 'string' },
    },
    strict: true,
  });
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    if (command === 'list') {
      for (const { agent, account } of await listAgents(database.db)) {
        console.log(`${agent.agent_code}\t${agent.name}\t${account?.name ?? '-'}\t${config.publicBaseUrl}/cma/${agent.agent_code}`);
      }
      return;
    }
    if (!values.name?.trim()) fail('--name is required');
    let phone: string | null = null;
    if (values.phone) {
      const checked = normalizeConsumerPhone(values.phone, config.ALLOWED_COUNTRIES);
      if (!checked.ok) fail(`--phone: ${checked.message}`);
      phone = checked.e164;
    }
    for (const flag of ['primary-color', 'secondary-color'] as const) {
      if (values[flag] && !HEX.test(values[flag]!)) fail(`--${flag} must be a hex colour like #0f5132`);
    }
    if (values.code && !/^[a-z0-9][a-z0-9-]{1,31}$/.test(values.code)) fail('--code: 2–32 lower-case letters, digits or dashes');
    const account = values.account
      ? await createAccount(database.db, {
          name: values.account,
          logo_url: httpsOrNull(values['logo-url'], '--logo-url'),
          primary_color: values['primary-color'] ?? null,
          secondary_color: values['secondary-color'] ?? null,
        })
      : null;
    const agent = await createAgent(database.db, {
      name: values.name.trim(),
      email: values.email ?? null,
      phone,
      photo_url: httpsOrNull(values['photo-url'], '--photo-url'),
      account_id: account?.id ?? null,
      agent_code: values.code,
      landing_page_headline: values.headline ?? null,
      landing_page_subheadline: values.subheadline ?? null,
      landing_page_cta_text: values.cta ?? null,
    });
    console.log(`Created agent ${agent.name} (agent_code ${agent.agent_code})`);
    console.log(`Landing page: ${config.publicBaseUrl}/cma/${agent.agent_code}`);
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
