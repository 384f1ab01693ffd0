/**
 * Manage agents from the command line:
 *   npm run agents -- create --name "Pat Lee" [--email …] [--phone +12065550100] [--photo-url https://…]
 *                            [--headline …] [--subheadline …] [--cta …] [--code …]
 *                            [--account "Brokerage name"] [--logo-url https://…] [--primary-color #0f5132] [--secondary-color #d4a017]
 *   npm run agents -- update --code k7m2xqp [--name …] [--email …] [--phone …] [--photo-url …] [--headline …]
 *                            [--subheadline …] [--cta …] [--logo-url …] [--primary-color …] [--secondary-color …] [--branding on|off]
 *                            [--lead-email on|off] [--activity-digest on|off]
 *   compliance (create and update): [--brokerage "Name on the agent's marketing"] [--license 21004567]
 *                            [--broker-license 9087] [--equal-housing on|off]
 *   npm run agents -- list
 *   npm run agents -- fub --code k7m2xqp | --account-id <uuid>  [--api-key <key> | --api-key - (read from stdin) | --remove]
 * --lead-email: an e-mail to --email for each new lead (on by default); --activity-digest: a daily
 * e-mail of lead activity (off by default). Both also work with create.
 *   npm run agents -- webhooks add (--code k7m2xqp | --account-id <id>) --url https://… [--events lead.created,report.completed]
 *   npm run agents -- webhooks list [--code …] | webhooks enable|disable|delete --id <endpoint id>   (scripts/lib/webhooks-cli.ts)
 * create and update print the agent's landing-page link and write a QR code of it (PNG, for print
 * marketing) to DATA_DIR/qr/<code>.png. Validation is the admin API's (https images, hex colours,
 * E.164 phones). Uses the same database as `npm start` (DATABASE_URL, or the embedded PGlite in
 * DATA_DIR — stop `npm start` first in that case: PGlite allows one process).
 * fub shows, sets or removes an agent's or an account's Follow Up Boss API key (decision 0022); keys
 * are shown by their last 4 characters only.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '@opencma/config';
import {
  brokerageOf,
  createAccount,
  createAgent,
  findAgentByCode,
  listAgents,
  openDatabase,
  updateAccount,
  updateAgentByCode,
  type Agent,
} from '@opencma/db';
import { accountInput, accountPatch, agentInputSchemas } from '@opencma/contracts';
import { fubCommand } from './agents-fub';
import { runWebhooksCommand, WEBHOOKS_USAGE } from './lib/webhooks-cli';

const MISSING_BROKERAGE =
  'WARNING: this agent has no brokerage name (--account or --brokerage). US advertising rules expect it on the landing page and report before the page is shared.';
const USAGE =
  'usage: npm run agents -- create --name "Agent Name" [options] | update --code <agent_code> [options] | list\n' +
  '       | fub --code <agent_code> | --account-id <id> [--api-key <key> | --api-key - | --remove]\n' +
  `       | ${WEBHOOKS_USAGE}`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/** Parses with a zod schema; a problem names the flag it came from. */
function parse<S extends z.ZodType>(schema: S, input: unknown, flags: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  fail(result.error.issues.map((i) => `${flags[String(i.path[0])] ?? `--${String(i.path[0] ?? '')}`}: ${i.message}`).join('\n       '));
}

const FLAGS: Record<string, string> = {
  name: '--name',
  email: '--email',
  phone: '--phone',
  photo_url: '--photo-url',
  landing_page_headline: '--headline',
  landing_page_subheadline: '--subheadline',
  landing_page_cta_text: '--cta',
  agent_code: '--code',
  logo_url: '--logo-url',
  primary_color: '--primary-color',
  secondary_color: '--secondary-color',
  branding_enabled: '--branding',
  lead_email_enabled: '--lead-email',
  activity_digest_enabled: '--activity-digest',
  brokerage_name: '--brokerage',
  license_number: '--license',
  equal_housing_opportunity: '--equal-housing',
};

/** Only the flags given: an update changes nothing else. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function writeQr(config: Config, agent: Agent): Promise<{ url: string; file: string }> {
  const url = `${config.publicBaseUrl}/cma/${agent.agent_code}`;
  const file = path.join(config.DATA_DIR, 'qr', `${agent.agent_code}.png`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await QRCode.toFile(file, url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 600 });
  return { url, file };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'fub') return fubCommand(rest, fail);
  if (command === 'webhooks') return webhooks(rest);
  if (command !== 'create' && command !== 'update' && command !== 'list') fail(USAGE);
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
      branding: { type: 'string' },
      'lead-email': { type: 'string' },
      'activity-digest': { type: 'string' },
      brokerage: { type: 'string' },
      license: { type: 'string' },
      'broker-license': { type: 'string' },
      'equal-housing': { type: 'string' },
    },
    strict: true,
  });
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const schemas = agentInputSchemas(config.ALLOWED_COUNTRIES);
  const onOff = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (value !== 'on' && value !== 'off') fail(`${flag}: on or off`);
    return value === 'on';
  };
  const agentFields = defined({
    lead_email_enabled: onOff('--lead-email', values['lead-email']),
    activity_digest_enabled: onOff('--activity-digest', values['activity-digest']),
    name: values.name,
    email: values.email,
    phone: values.phone,
    photo_url: values['photo-url'],
    landing_page_headline: values.headline,
    landing_page_subheadline: values.subheadline,
    landing_page_cta_text: values.cta,
    brokerage_name: values.brokerage,
    license_number: values.license,
  });
  if (values.branding !== undefined && values.branding !== 'on' && values.branding !== 'off') fail('--branding: on or off');
  const eho = values['equal-housing'];
  if (eho !== undefined && eho !== 'on' && eho !== 'off') fail('--equal-housing: on or off');
  const brandFields = defined({
    logo_url: values['logo-url'],
    primary_color: values['primary-color'],
    secondary_color: values['secondary-color'],
    branding_enabled: values.branding === undefined ? undefined : values.branding === 'on',
    license_number: values['broker-license'],
    equal_housing_opportunity: eho === undefined ? undefined : eho === 'on',
  });

  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    if (command === 'list') {
      for (const { agent, account } of await listAgents(database.db)) {
        console.log(`${agent.agent_code}\t${agent.name}\t${account?.name ?? '-'}\t${config.publicBaseUrl}/cma/${agent.agent_code}`);
      }
      return;
    }

    let agent: Agent;
    if (command === 'create') {
      const input = parse(schemas.create, { ...agentFields, ...(values.code ? { agent_code: values.code } : {}) }, FLAGS);
      const account = values.account ? await createAccount(database.db, parse(accountInput, { name: values.account, ...brandFields }, FLAGS)) : null;
      agent = await createAgent(database.db, { ...input, account_id: account?.id ?? null });
      console.log(`Created agent ${agent.name} (agent_code ${agent.agent_code})`);
      if (!brokerageOf({ agent, account })) console.warn(MISSING_BROKERAGE);
    } else {
      if (!values.code) fail('update needs --code <agent_code>');
      const existing = await findAgentByCode(database.db, values.code);
      if (!existing) fail(`no agent with agent_code "${values.code}"`);
      const patch = parse(schemas.patch, agentFields, FLAGS);
      const brand = parse(accountPatch, { ...(values.account ? { name: values.account } : {}), ...brandFields }, FLAGS);
      if (Object.keys(brand).length) {
        if (existing.account) await updateAccount(database.db, existing.account.id, brand);
        else if (brand.name) patch.account_id = (await createAccount(database.db, { ...brand, name: brand.name })).id;
        else fail('this agent has no account: pass --account "Brokerage name" to create one with the branding');
      }
      agent = Object.keys(patch).length ? (await updateAgentByCode(database.db, values.code, patch))! : existing.agent;
      console.log(`Updated agent ${agent.name} (agent_code ${agent.agent_code})`);
      const now = await findAgentByCode(database.db, agent.agent_code);
      if (now && !brokerageOf(now)) console.warn(MISSING_BROKERAGE);
    }
    const qr = await writeQr(config, agent);
    console.log(`Landing page: ${qr.url}`);
    console.log(`QR code:      ${qr.file}`);
  } finally {
    await database.close();
  }
}

async function webhooks(args: string[]) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    await runWebhooksCommand(database.db, config, args, (line) => console.log(line));
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
