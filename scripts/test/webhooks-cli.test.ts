import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, listWebhookEndpoints, type Agent, type Database } from '@opencma/db';
import { runWebhooksCommand } from '../lib/webhooks-cli';
import { createTestDatabase } from '../../tests/helpers/test-database';
import { testConfig } from '../../tests/helpers/test-config';

describe('npm run agents -- webhooks', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let agent: Agent;
  const config = testConfig({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    await runWebhooksCommand(database.db, config, args, (l) => lines.push(l));
    return lines;
  };

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    agent = await createAgent(database.db, { name: 'Cli Agent', phone: '+12065550199' });
  });
  afterAll(() => drop?.());

  it('adds an endpoint (secret printed once), lists, disables and deletes it', async () => {
    const added = await run('add', '--code', agent.agent_code, '--url', 'http://127.0.0.1:9/hook', '--events', 'lead.created,report.viewed');
    expect(added[1]).toMatch(/^Signing secret \(shown only now\): whsec_/);
    const [row] = await listWebhookEndpoints(database.db, { kind: 'operator' });
    expect(row).toMatchObject({ agent_id: agent.id, url: 'http://127.0.0.1:9/hook', event_types: ['lead.created', 'report.viewed'], enabled: true });
    const listed = await run('list', '--code', agent.agent_code);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain(row!.id);
    expect(listed[0]).not.toContain('whsec_');
    await run('disable', '--id', row!.id);
    expect((await listWebhookEndpoints(database.db, { kind: 'operator' }))[0]!.enabled).toBe(false);
    await run('delete', '--id', row!.id);
    expect(await listWebhookEndpoints(database.db, { kind: 'operator' })).toEqual([]);
  });

  it('refuses a private address, http, unknown events and unknown agents, storing nothing', async () => {
    await expect(run('add', '--code', agent.agent_code, '--url', 'https://10.0.0.1/x')).rejects.toThrow(/--url: .*private address/);
    await expect(run('add', '--code', agent.agent_code, '--url', 'http://169.254.169.254/')).rejects.toThrow('--url: The URL must use https://.');
    await expect(run('add', '--code', agent.agent_code, '--url', 'https://127.0.0.1/', '--events', 'nope')).rejects.toThrow(/--events/);
    await expect(run('add', '--code', 'zzzzzzz', '--url', 'https://127.0.0.1/')).rejects.toThrow('no agent with agent_code "zzzzzzz"');
    await expect(run('delete', '--id', '00000000-0000-0000-0000-000000000000')).rejects.toThrow(/no webhook endpoint/);
    expect(await listWebhookEndpoints(database.db, { kind: 'operator' })).toEqual([]);
  });
});
