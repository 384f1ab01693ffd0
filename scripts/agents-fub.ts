import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@opencma/config';
import { fubApiKeyInput } from '@opencma/contracts';
import {
  findAccount,
  findAgentByCode,
  findFubConnection,
  fubSettingsForAgent,
  openDatabase,
  removeFubApiKey,
  setFubApiKey,
  type FubKeyOwner,
} from '@opencma/db';

const shown = (k: { api_key_last4: string } | null) => (k ? `key …${k.api_key_last4}` : 'no key');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/**
 * `npm run agents -- fub`: an agent's (--code) or an account's (--account-id) Follow Up Boss key.
 * Without --api-key/--remove it shows the settings. `--api-key -` reads the key from stdin, so it stays
 * out of the shell history and the process list. The key is never printed, only its last 4 characters.
 */
export async function fubCommand(args: string[], fail: (message: string) => never): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { code: { type: 'string' }, 'account-id': { type: 'string' }, 'api-key': { type: 'string' }, remove: { type: 'boolean' } },
    strict: true,
  });
  if (Boolean(values.code) === Boolean(values['account-id'])) fail('fub needs either --code <agent_code> or --account-id <id>');
  if (values['api-key'] !== undefined && values.remove) fail('give --api-key or --remove, not both');
  let apiKey: string | undefined;
  if (values['api-key'] !== undefined) {
    const raw = values['api-key'] === '-' ? await readStdin() : values['api-key'];
    const parsed = fubApiKeyInput.safeParse({ api_key: raw });
    if (!parsed.success) fail(`--api-key: ${parsed.error.issues[0]?.message}`);
    apiKey = parsed.data.api_key;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    let owner: FubKeyOwner;
    let label: string;
    let accountId: string | null = null;
    if (values.code) {
      const found = await findAgentByCode(database.db, values.code);
      if (!found) fail(`no agent with agent_code "${values.code}"`);
      owner = { agentId: found.agent.id };
      accountId = found.agent.account_id;
      label = `${found.agent.name} (${found.agent.agent_code})`;
    } else {
      const id = values['account-id']!;
      const account = /^[0-9a-f-]{36}$/i.test(id) ? await findAccount(database.db, id) : null;
      if (!account) fail(`no account with id "${id}"`);
      owner = { accountId: account.id };
      label = `account ${account.name}`;
    }
    if (apiKey !== undefined) await setFubApiKey(database.db, owner, apiKey);
    if (values.remove) await removeFubApiKey(database.db, owner);
    if ('agentId' in owner) {
      const s = await fubSettingsForAgent(database.db, owner.agentId, accountId);
      const applies = s.applies === 'own' ? 'their own key' : s.applies === 'account' ? "the account's key" : 'nothing (not sent to Follow Up Boss)';
      console.log(`Follow Up Boss for ${label}: own ${shown(s.own)}, account ${shown(s.account)}; leads go with ${applies}`);
    } else {
      console.log(`Follow Up Boss for ${label}: ${shown(await findFubConnection(database.db, owner))}`);
    }
  } finally {
    await database.close();
  }
}
