import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSender, validateTwilioSignature } from '../src/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const accountSid = `AC${'c3'.repeat(16)}`;
const authToken = 'command-test-auth-token';

interface Callback {
  status: string | null;
  signed: boolean;
}

describe('npm run twilio (the local Twilio server as a command)', () => {
  let child: ChildProcess;
  let output = '';
  let url = '';
  let hook: Server;
  let hookUrl = '';
  const callbacks: Callback[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        callbacks.push({ status: params.MessageStatus ?? null, signed: validateTwilioSignature({ authToken, url: hookUrl, params, signature }) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/v1/webhooks/twilio/status`;

    child = spawn(process.execPath, ['--import', 'tsx', 'packages/sms/src/server/main.ts', '0'], {
      cwd: root,
      env: { ...process.env, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    // Wait for the last line of the start-up banner (the settings), not only the first.
    const deadline = Date.now() + 20_000;
    while (!/listening on (http:\/\/\S+)/.test(output) || !/TWILIO_FROM_NUMBER=\S+ npm start/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`local Twilio did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
  }, 30_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise<void>((r) => hook.close(() => r()));
  });

  it('prints the settings to use, accepts a message and reports its delivery with signed callbacks', { timeout: 60_000 }, async () => {
    expect(output).toContain(`SMS_PROVIDER=twilio TWILIO_BASE_URL=${url} TWILIO_ACCOUNT_SID=${accountSid}`);
    const sender = createTwilioSender({ accountSid, authToken, from: '+15005550006', baseUrl: url, timeoutMs: 5000 });
    const sent = await sender.send({ to: '+12015550123', body: 'Your home value report is ready.', statusCallbackUrl: hookUrl });
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);

    // Generous bounds for a loaded machine; each waits for a condition, never for a fixed time.
    const deadline = Date.now() + 30_000;
    const logged = () => output.includes(sent.providerMessageId) && (output.match(/status callback/g) ?? []).length >= 2;
    while ((callbacks.length < 2 || !logged()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(callbacks).toEqual([
      { status: 'sent', signed: true },
      { status: 'delivered', signed: true },
    ]);
    // the log names the message but never the whole number
    expect(output).toContain(sent.providerMessageId);
    expect(output).toContain('+1********23');
    expect(output).not.toContain('2015550123');
  });

  it('refuses wrong credentials like Twilio (401, code 20003)', async () => {
    const sender = createTwilioSender({ accountSid, authToken: 'wrong', from: '+15005550006', baseUrl: url, timeoutMs: 5000 });
    await expect(sender.send({ to: '+12015550123', body: 'x' })).rejects.toMatchObject({ code: 20003 });
  });
});
