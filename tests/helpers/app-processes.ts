/**
 * The production entry points (`scripts/start-api.ts`, `scripts/start-worker.ts`, the web app's
 * `apps/web/server/main.ts`) as real, separate processes, for tests whose fault is about a process
 * (kill -9, restarts) or about what a client sees over the network. The web app needs its build
 * (`node scripts/ensure-web-build.mjs`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppProcess {
  readonly pid: number;
  /** e.g. http://127.0.0.1:PORT — the API, the worker's health/metrics endpoint, or the web app. */
  readonly url: string;
  output(): string;
  exited(): boolean;
  /** Sends the signal and waits (bounded) for the process to exit; SIGKILL after the grace period. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Only what the config module reads is passed on (plus PATH/HOME), so nothing from the test
 * runner's own environment (TEST_DATABASE_URL, NODE_ENV=test, …) leaks into the child.
 */
export async function spawnApp(kind: 'api' | 'worker' | 'web', env: Record<string, string>, port: number, timeoutMs = 60_000): Promise<AppProcess> {
  const script =
    kind === 'web' ? path.join(root, 'apps/web/server/main.ts') : path.join(root, 'scripts', kind === 'api' ? 'start-api.ts' : 'start-worker.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...(kind === 'api'
        ? { API_PORT: String(port) }
        : kind === 'web'
          ? { PORT: String(port), NODE_ENV: 'production' }
          : { WORKER_PORT: String(port) }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (d: Buffer) => {
    out = (out + d.toString()).slice(-50_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const url = `http://127.0.0.1:${port}`;

  const app: AppProcess = {
    pid: child.pid!,
    url,
    output: () => out,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (app.exited()) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      const timer = setTimeout(() => {
        if (!app.exited()) child.kill('SIGKILL');
      }, graceMs);
      await gone;
      clearTimeout(timer);
    },
  };

  // Ready when /healthz (the web app: its home page) answers (bounded).
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.exited()) throw new Error(`${kind} process exited during start (code ${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}${kind === 'web' ? '/' : '/healthz'}`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await app.stop('SIGKILL');
      throw new Error(`${kind} process did not become healthy within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return app;
}
