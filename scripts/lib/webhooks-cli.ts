/**
 * `npm run agents -- webhooks …`: an agent's or account's webhook endpoints from the command line.
 *   webhooks add --code <agent_code> | --account-id <uuid>  --url https://… [--events lead.created,report.completed]
 *   webhooks list [--code <agent_code>]
 *   webhooks enable|disable|delete --id <endpoint id>
 * The URL is checked like the API does (https, public addresses after DNS, WEBHOOK_ALLOWED_HOSTS);
 * `add` prints the signing secret once.
 */
import { parseArgs } from 'node:util';
import type { Config } from '@opencma/config';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findAccount,
  findAgentByCode,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  type Db,
  type WebhookOwner,
} from '@opencma/db';
import { webhookEndpointInput } from '@opencma/contracts';
import { checkWebhookUrl, generateWebhookSecret, WEBHOOK_EVENT_TYPES } from '@opencma/webhooks';

export const WEBHOOKS_USAGE =
  'webhooks add (--code <agent_code> | --account-id <id>) --url https://… [--events a,b] | webhooks list [--code <agent_code>] | webhooks enable|disable|delete --id <id>';

const operator = { kind: 'operator' } as const;

/** Runs one webhooks subcommand; throws an Error with a readable message on bad input. */
export async function runWebhooksCommand(db: Db, config: Config, args: string[], print: (line: string) => void): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      code: { type: 'string' },
      'account-id': { type: 'string' },
      url: { type: 'string' },
      events: { type: 'string' },
      id: { type: 'string' },
    },
    strict: true,
  });
  if (action === 'list') {
    const agent = values.code ? await findAgentByCode(db, values.code) : null;
    if (values.code && !agent) throw new Error(`no agent with agent_code "${values.code}"`);
    for (const e of await listWebhookEndpoints(db, operator, agent ? { agentId: agent.agent.id } : {})) {
      print(
        `${e.id}\t${e.enabled ? 'on ' : 'off'}\t${e.account_id ? `account ${e.account_id}` : `agent ${e.agent_id}`}\t${e.url}\t${e.event_types.join(',')}`,
      );
    }
    return;
  }
  if (action === 'add') {
    if (Boolean(values.code) === Boolean(values['account-id'])) throw new Error('add needs --code <agent_code> or --account-id <id> (one of them)');
    const parsed = webhookEndpointInput.safeParse({
      url: values.url ?? '',
      ...(values.events ? { event_types: values.events.split(',').map((t) => t.trim()) } : {}),
    });
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `--${i.path[0] === 'event_types' ? 'events' : String(i.path[0])}: ${i.message}`).join('; '));
    let owner: WebhookOwner;
    if (values.code) {
      const agent = await findAgentByCode(db, values.code);
      if (!agent) throw new Error(`no agent with agent_code "${values.code}"`);
      owner = { agentId: agent.agent.id };
    } else {
      const accountId = values['account-id']!;
      if (!/^[0-9a-f-]{36}$/i.test(accountId) || !(await findAccount(db, accountId))) throw new Error(`no account with id "${accountId}"`);
      owner = { accountId };
    }
    const check = await checkWebhookUrl(parsed.data.url, { allowedHosts: config.WEBHOOK_ALLOWED_HOSTS });
    if (!check.ok) throw new Error(`--url: ${check.reason}`);
    const secret = generateWebhookSecret();
    const e = await createWebhookEndpoint(db, {
      owner,
      url: check.url.toString(),
      secret,
      eventTypes: parsed.data.event_types ?? [...WEBHOOK_EVENT_TYPES],
    });
    print(`Created webhook endpoint ${e.id} → ${e.url} (${e.event_types.join(', ')})`);
    print(`Signing secret (shown only now): ${secret}`);
    return;
  }
  if (action === 'enable' || action === 'disable' || action === 'delete') {
    if (!values.id) throw new Error(`${action} needs --id <endpoint id>`);
    const ok =
      action === 'delete'
        ? await deleteWebhookEndpoint(db, operator, values.id)
        : Boolean(await updateWebhookEndpoint(db, operator, values.id, { enabled: action === 'enable' }));
    if (!ok) throw new Error(`no webhook endpoint with id "${values.id}"`);
    print(`${action === 'delete' ? 'Deleted' : action === 'enable' ? 'Enabled' : 'Disabled'} webhook endpoint ${values.id}`);
    return;
  }
  throw new Error(`usage: npm run agents -- ${WEBHOOKS_USAGE}`);
}
