import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import { testQueueEnv } from './test-config';
import { createPostgresTestDatabaseUrl } from './test-database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StartedCommand {
  landingUrl: string;
  baseUrl: string;
  apiUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs the README's start command (`npm start`) as a person would, on free ports and a private data
 * folder, and waits for it to print the demo landing-page URL. A port found free can be taken by another
 * process before the system binds it (an outgoing connection's ephemeral port, a parallel test): then the
 * start is tried again on other ports, at most three times.
 */
export async function runStartCommand(env: Record<string, string> = {}, timeoutMs = 180_000): Promise<StartedCommand> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, timeoutMs);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || !/EADDRINUSE/.test(err.message)) throw err;
    }
  }
}

async function startOnce(env: Record<string, string>, timeoutMs: number): Promise<StartedCommand> {
  const [port, apiPort, mlsPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-e2e-'));
  // With TEST_DATABASE_URL / TEST_REDIS_URL the system runs on PostgreSQL and BullMQ instead.
  const postgres = await createPostgresTestDatabaseUrl();
  let out = '';
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      API_PORT: String(apiPort),
      MLS_PORT: String(mlsPort),
      SMTP_PORT: '0',
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      ...testQueueEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await postgres?.drop();
  };
  const landingUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /Demo agent landing page:\s+(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return {
    landingUrl,
    baseUrl: `http://localhost:${port}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    output: () => out,
    stop,
  };
}
