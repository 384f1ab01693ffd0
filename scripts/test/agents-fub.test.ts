/**
 * `npm run agents -- fub`: sets an agent's Follow Up Boss key from stdin, shows it by its last 4
 * characters only, removes it; a bad key is refused without being printed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-agents-fub-'));
const KEY = 'fka_cliKey0123456789abcdefCLI9';

function run(args: string[], stdin = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/agents.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm run agents -- fub', () => {
  it('sets a key from stdin, shows its last 4 only, and removes it', async () => {
    const created = await run(['create', '--name', 'Casey Cli', '--code', 'fubcli7']);
    expect(created.code, created.out).toBe(0);
    const set = await run(['fub', '--code', 'fubcli7', '--api-key', '-'], `${KEY}\n`);
    expect(set.code, set.out).toBe(0);
    expect(set.out).toContain('own key …CLI9');
    expect(set.out).not.toContain(KEY);
    const shown = await run(['fub', '--code', 'fubcli7']);
    expect(shown.out).toContain('leads go with their own key');
    const removed = await run(['fub', '--code', 'fubcli7', '--remove']);
    expect(removed.out).toContain('own no key');
  });

  it('refuses a bad key without printing it, and an unknown agent', async () => {
    const bad = await run(['fub', '--code', 'fubcli7', '--api-key', 'two words-secretpart']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--api-key: .*no spaces/);
    expect(bad.out).not.toContain('secretpart');
    const unknown = await run(['fub', '--code', 'nosuch1', '--api-key', KEY]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('no agent with agent_code "nosuch1"');
  });
});
