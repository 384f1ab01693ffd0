/**
 * Private PostgreSQL and Redis servers for fault tests: started on free ports in a temporary folder,
 * so a test can stop, kill and restart them without touching the machine's shared services (other
 * test files use those at the same time). Everything listens on 127.0.0.1 only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, cmd);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* next */
    }
  }
  return null;
}

/** The newest PostgreSQL server binaries on the machine (Debian layout first, then PATH). */
function findPostgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')) && fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(base, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb && which('pg_ctl') ? path.dirname(initdb) : null;
}

/** Why the private services cannot be started here, or null when they can. */
export function privateServicesUnavailable(): string | null {
  if (process.platform !== 'linux' && process.platform !== 'darwin') return `unsupported platform ${process.platform}`;
  if (!findPostgresBin()) return 'PostgreSQL server binaries (initdb, pg_ctl) not found';
  if (!which('redis-server')) return 'redis-server not found';
  if (isRoot && !which('runuser')) return 'running as root but runuser is missing (PostgreSQL refuses to run as root)';
  if (isRoot) {
    try {
      fs.accessSync('/etc/passwd');
      if (!/^postgres:/m.test(fs.readFileSync('/etc/passwd', 'utf8'))) return 'running as root and there is no postgres user';
    } catch {
      return 'cannot read /etc/passwd';
    }
  }
  return null;
}

/** Why a private Redis cannot be started here, or null when it can. */
export function privateRedisUnavailable(): string | null {
  return which('redis-server') ? null : 'redis-server not found';
}

/** Resolves once something accepts TCP connections on the port (bounded by timeoutMs). */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

export interface PrivatePostgres {
  port: number;
  /** Connection string for a database on this server (default `postgres`). */
  url(database?: string): string;
  /** Starts the server (again) on the same port; waits until it accepts connections. */
  start(): Promise<void>;
  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash-like stop. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
  log(): string;
}

/**
 * initdb + pg_ctl into a temporary folder (owned by `postgres` when running as root); trust auth. Fast and
 * not crash-safe by default (fsync and synchronous_commit off). `durableCommits` keeps synchronous_commit on,
 * as in production: a commit is acknowledged only once its WAL is written, so a crash of the server process
 * (`pg_ctl stop -m immediate`) loses no acknowledged row (fsync stays off: the machine itself does not crash).
 */
export async function startPrivatePostgres(opts: { durableCommits?: boolean } = {}): Promise<PrivatePostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (isRoot) await run('chown', ['-R', 'postgres:postgres', dir]);
  const pg = (tool: string, args: string[], timeout = 60_000) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { timeout }) : run(path.join(bin, tool), args, { timeout });

  await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    ...(opts.durableCommits ? [] : ['-c synchronous_commit=off']),
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  let running = false;
  const server: PrivatePostgres = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start']);
      running = true;
      await waitForPort(port, 10_000);
    },
    async stop(mode = 'fast') {
      if (!running) return;
      await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    async destroy() {
      await server.stop('immediate').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => {
      try {
        return fs.readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** Starts redis-server (again) on the same port, empty (no persistence). */
  start(): Promise<void>;
  /** SIGTERM (clean shutdown) or SIGKILL; waits until the process has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * SIGSTOP: the server hangs — connections stay open and new ones are accepted by the kernel, but
   * nothing is answered (like a frozen or partitioned server). `resume()` (SIGCONT) lets it go on.
   */
  pause(): void;
  resume(): void;
  destroy(): Promise<void>;
  output(): string;
}

/** redis-server on a free port as a child process, without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const bin = which('redis-server');
  if (!bin) throw new Error('redis-server not found');
  const port = await freePort();
  let child: ChildProcess | null = null;
  let out = '';
  const server: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
      proc.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
      proc.once('exit', () => {
        if (child === proc) child = null;
      });
      await waitForPort(port, 10_000);
    },
    async stop(signal = 'SIGTERM') {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      child = null;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async destroy() {
      server.resume();
      await server.stop('SIGKILL');
    },
    output: () => out,
  };
  await server.start();
  return server;
}
