/**
 * `npm run test:docker` (not part of `npm test`: it needs a Docker daemon and takes minutes). The
 * shipped image and compose.yaml, as an operator runs them (decision 0027):
 *  1. builds the image, starts the compose stack (postgres, redis, migrate, mls, api, worker, web);
 *  2. the homeowner flow through the web container: submit → completed with a PDF → both texts;
 *  3. a report submitted while the worker is stopped completes when it comes back; one submitted
 *     just before the worker is killed completes after it restarts;
 *  4. every container killed, the stack started again: nothing lost, no text sent twice;
 *  5. PUBLIC_BASE_URL changed in .env, `up -d` (no rebuild): new links use the new origin;
 *  6. `--scale worker=3`;
 *  7. a backup of the running stack restored into a fresh stack serves the same /r/{id} and PDF.
 * Environment: DOCKER (the CLI, default `docker`), NODE_IMAGE / POSTGRES_IMAGE / REDIS_IMAGE (base
 * images; OPENCMA_LOCAL_IMAGES=1 builds and uses the local ones, scripts/docker/local-images.sh),
 * BUILD_CA_BUNDLE (a CA file passed as build secret), SMOKE_NO_BUILD=1 (use opencma:smoke as is).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docker = process.env.DOCKER ?? 'docker';
const image = 'opencma:smoke';
const work = mkdtempSync(path.join(tmpdir(), 'opencma-smoke-'));
const started = Date.now();
let passed = 0;
let failed = 0;

const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  log(`${ok ? '✓' : '✗'} ${name}${detail ? ` (${detail})` : ''}`);
  if (!ok) throw new Error(`check failed: ${name}`);
}

function sh(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): string {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', input: opts.input, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${(r.stderr ?? '').slice(-3000)}${(r.stdout ?? '').slice(-2000)}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** One compose project: its own containers, volumes and .env. */
class Stack {
  readonly envFile: string;
  constructor(
    readonly name: string,
    readonly port: number,
    private env: Record<string, string>,
  ) {
    this.envFile = path.join(work, `${name}.env`);
    this.writeEnv();
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  setEnv(patch: Record<string, string>) {
    this.env = { ...this.env, ...patch };
    this.writeEnv();
  }
  private writeEnv() {
    writeFileSync(
      this.envFile,
      Object.entries(this.env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
  }
  compose(...args: string[]): string {
    return sh('docker-compose', ['-p', this.name, '-f', path.join(root, 'compose.yaml'), '--env-file', this.envFile, ...args]);
  }
  sql(query: string): string {
    return this.compose('exec', '-T', 'postgres', 'psql', '-U', 'opencma', '-d', 'opencma', '-At', '-c', query).trim();
  }
  async healthy(): Promise<void> {
    await until(
      `${this.name} web`,
      async () => {
        const res = await fetch(`${this.url}/cma/demo`, { signal: AbortSignal.timeout(5000) });
        return res.ok ? true : undefined;
      },
      240_000,
    );
  }
  async submit(phone: string, address = '1156 N 93rd St, Seattle, WA 98103'): Promise<string> {
    const res = await fetch(`${this.url}/v1/consumer-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        agent_code: 'demo',
        phone,
        address,
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      }),
    });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { report_id: string }).report_id;
  }
  async report(id: string): Promise<{ status: string; pdf: { status: string; url: string } } & Record<string, unknown>> {
    const res = await fetch(`${this.url}/v1/consumer-reports/${id}`);
    if (!res.ok) throw new Error(`report ${id}: ${res.status}`);
    return (await res.json()) as never;
  }
  async completed(id: string, timeoutMs = 240_000) {
    const r = await until(
      `report ${id.slice(0, 6)}… completed`,
      async () => {
        const r = await this.report(id);
        return r.status === 'failed' || (r.status === 'completed' && r.pdf.status !== 'pending') ? r : undefined;
      },
      timeoutMs,
    );
    if (r.status === 'failed') throw new Error(`report failed: ${JSON.stringify(r).slice(0, 300)}`);
    return r;
  }
  async pdf(id: string): Promise<Buffer> {
    const res = await fetch(`${this.url}/v1/consumer-reports/${id}/pdf`);
    if (!res.ok) throw new Error(`pdf ${id}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
  texts(id: string): string[] {
    const out = this.sql(`select recipient_role || ' ' || body from sms_logs where report_id = '${id.replace(/'/g, '')}' order by recipient_role`);
    return out ? out.split('\n') : [];
  }
  down() {
    try {
      this.compose('down', '-v', '--remove-orphans', '-t', '5');
    } catch (err) {
      console.error(`cleanup of ${this.name} failed: ${(err as Error).message}`);
    }
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);

async function main() {
  // AbortSignal.timeout's timers do not keep the process alive: without this, a request that a
  // published-but-not-yet-served port leaves hanging would end the run silently.
  const keepAlive = setInterval(() => undefined, 10_000);
  const local = process.env.OPENCMA_LOCAL_IMAGES === '1';
  if (local) {
    log('local base images (scripts/docker/local-images.sh)');
    sh('bash', ['scripts/docker/local-images.sh']);
  }
  const nodeImage = process.env.NODE_IMAGE ?? (local ? 'local/node:20' : undefined);
  const baseEnv: Record<string, string> = {
    POSTGRES_PASSWORD: `smoke-${randomBytes(6).toString('hex')}`,
    OPENCMA_IMAGE: image,
    LOG_LEVEL: 'warn',
    SMS_PROVIDER: 'outbox',
  };
  const pgImage = process.env.POSTGRES_IMAGE ?? (local ? 'local/postgres:15' : undefined);
  const redisImage = process.env.REDIS_IMAGE ?? (local ? 'local/redis:7' : undefined);
  if (pgImage) baseEnv.POSTGRES_IMAGE = pgImage;
  if (redisImage) baseEnv.REDIS_IMAGE = redisImage;

  if (process.env.SMOKE_NO_BUILD !== '1') {
    log(`building ${image}${nodeImage ? ` on ${nodeImage}` : ''}`);
    const args = ['build', '-t', image];
    if (nodeImage) args.push('--build-arg', `NODE_IMAGE=${nodeImage}`);
    if (process.env.BUILD_CA_BUNDLE) args.push('--secret', `id=ca_bundle,src=${process.env.BUILD_CA_BUNDLE}`);
    sh(docker, [...args, '.'], { env: { DOCKER_BUILDKIT: '1' } });
  }
  const size = Number(sh(docker, ['image', 'inspect', image, '--format', '{{.Size}}']).trim());
  log(`image ${image}: ${(size / 1e6).toFixed(0)} MB`);

  const suffix = randomBytes(3).toString('hex');
  const a = new Stack(`ocsmoke${suffix}a`, await freePort(), { ...baseEnv, PUBLIC_BASE_URL: 'http://cma-one.example.test' });
  const b = new Stack(`ocsmoke${suffix}b`, await freePort(), { ...baseEnv, PUBLIC_BASE_URL: 'http://cma-one.example.test' });
  a.setEnv({ WEB_PORT: String(a.port) });
  b.setEnv({ WEB_PORT: String(b.port) });
  try {
    log(`stack ${a.name}: up (web on ${a.url})`);
    a.compose('up', '-d');
    await a.healthy();
    check(
      'stack up: migrate ran once and exited 0',
      a.compose('ps', '-q', 'migrate').trim() !== '' && /applied \d+ migration/.test(a.compose('logs', 'migrate')),
    );
    check('no container runs as root', sh(docker, ['exec', a.compose('ps', '-q', 'api').trim(), 'id', '-u']).trim() === '10001');

    // 2. the homeowner flow
    const first = await a.submit('201-555-0101');
    const r1 = await a.completed(first);
    check('report completed with a PDF', r1.pdf.status === 'ready');
    const pdf1 = await a.pdf(first);
    check('PDF served', pdf1.subarray(0, 5).toString() === '%PDF-', `${pdf1.length} bytes`);
    const page = await fetch(`${a.url}/r/${first}`);
    check('/r/{id} served', page.status === 200);
    const texts1 = a.texts(first);
    check('both texts in the outbox', texts1.length === 2 && texts1[0]!.startsWith('agent') && texts1[1]!.startsWith('consumer'));
    check(
      'texted link uses PUBLIC_BASE_URL',
      texts1.some((t) => t.includes(`http://cma-one.example.test/r/${first}`)),
    );

    // 3. worker stopped
    a.compose('stop', 'worker');
    const whileStopped = await a.submit('201-555-0102');
    await new Promise((r) => setTimeout(r, 5000));
    check('submitted while the worker is stopped: accepted, waiting', (await a.report(whileStopped)).status === 'pending');
    a.compose('start', 'worker');
    check('…completes when the worker comes back', (await a.completed(whileStopped)).pdf.status === 'ready');

    // the worker killed (SIGKILL) right after a submission: the job is recovered when it comes back
    const killedWorker = await a.submit('201-555-0108');
    a.compose('kill', 'worker');
    a.compose('start', 'worker');
    check('worker killed right after a submission: the report completes after its restart', (await a.completed(killedWorker)).pdf.status === 'ready');

    // 4. every container killed, then started again
    const beforeKill = await a.submit('201-555-0103');
    a.compose('kill');
    a.compose('up', '-d');
    await a.healthy();
    const afterKill = await a.completed(beforeKill);
    check('report submitted just before `kill` of every container completes after restart', afterKill.pdf.status === 'ready');
    check('earlier reports and PDFs still there', (await a.report(first)).status === 'completed' && sha(await a.pdf(first)) === sha(pdf1));
    check(
      'no text sent twice',
      [first, whileStopped, killedWorker, beforeKill].every((id) => a.texts(id).length === 2),
    );
    a.compose('restart');
    await a.healthy();
    check('after `restart`: still there', (await a.report(whileStopped)).status === 'completed');

    // 5. PUBLIC_BASE_URL changed in .env, no rebuild
    a.setEnv({ PUBLIC_BASE_URL: 'https://cma-two.example.test' });
    a.compose('up', '-d');
    await a.healthy();
    const second = await a.submit('201-555-0104');
    await a.completed(second);
    check(
      'new PUBLIC_BASE_URL in the texted links, same image',
      a.texts(second).every((t) => t.includes(`https://cma-two.example.test/r/${second}`)),
    );
    const pdfText = spawnSync('pdftotext', ['-', '-'], { input: await a.pdf(second), encoding: 'utf8' });
    if (pdfText.status === 0) check("…and in the PDF's link", pdfText.stdout.includes('cma-two.example.test'));
    else log('(pdftotext not installed: PDF link not checked)');

    // 6. scaled workers
    a.compose('up', '-d', '--scale', 'worker=3');
    const scaled = await Promise.all(['201-555-0105', '201-555-0106', '201-555-0107'].map((p) => a.submit(p)));
    for (const id of scaled) await a.completed(id);
    check('--scale worker=3: three workers, reports complete', a.compose('ps', '-q', 'worker').trim().split('\n').length === 3);

    // 7. backup of the running stack, restored into a fresh one
    const backups = path.join(work, 'backups');
    sh('mkdir', ['-p', backups]);
    chmodSync(backups, 0o777);
    const reportBefore = await a.report(first);
    a.compose('run', '--rm', '--no-deps', '-v', `${backups}:/backups`, 'migrate', 'backup', '--out', '/backups/b1');
    const manifest = JSON.parse(readFileSync(path.join(backups, 'b1/manifest.json'), 'utf8')) as { objects: string[] };
    check('backup written', manifest.objects.includes(`reports/${first}.pdf`), `${manifest.objects.length} PDFs`);
    log(`stack ${b.name}: empty, restore, up`);
    b.compose('up', '-d', 'postgres');
    await until('fresh postgres', async () => (b.sql('select 1') === '1' ? true : undefined), 120_000);
    b.compose('run', '--rm', '--no-deps', '-v', `${backups}:/backups`, 'migrate', 'restore', '/backups/b1');
    b.compose('up', '-d');
    await b.healthy();
    const restored = await b.report(first);
    check('restored stack serves the same report', JSON.stringify(restored) === JSON.stringify(reportBefore));
    check('…and the same PDF', sha(await b.pdf(first)) === sha(pdf1));
    const restoredPage = await fetch(`${b.url}/r/${first}`);
    check('…and /r/{id}', restoredPage.status === 200);
  } finally {
    if (failed || process.env.SMOKE_KEEP !== '1') {
      if (failed) for (const s of [a, b]) console.error(s.compose('logs', '--tail', '40').slice(-6000));
      a.down();
      b.down();
    }
    rmSync(work, { recursive: true, force: true });
    clearInterval(keepAlive);
  }
}

main()
  .catch((err: Error) => {
    if (!err.message.startsWith('check failed')) {
      failed++;
      console.error(err.message);
    }
  })
  .finally(() => {
    console.log(`\ntest:docker: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
