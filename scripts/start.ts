/**
 * `npm start`: the whole system on embedded defaults (or on what the environment configures):
 * local MLS, database, queue, API, worker and the web app; prints the URL to open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_AGENT_CODE, DEMO_AGENT_PHONE } from '@opencma/db';
import { createLogger, loadConfigOrExit, startSystem } from '@opencma/runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The web app's own server (apps/web/server/main.ts: Next behind the client-address check, on HOST and PORT). */
function startWeb(env: NodeJS.ProcessEnv, port: number, host: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/web/server/main.ts')], {
    cwd: path.join(root, 'apps/web'),
    env: { ...env, PORT: String(port), HOST: host },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'opencma');
  const system = await startSystem(config, { logger });
  const web = startWeb({ ...process.env, API_URL: system.apiUrl, NODE_ENV: 'production' }, config.PORT, config.HOST);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    web.kill('SIGTERM');
    await system.stop();
    process.exit(code);
  };
  web.on('exit', (code) => {
    if (!stopping) {
      logger.error({ code }, 'web app exited');
      void stop(1);
    }
  });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await waitForHttp(`http://127.0.0.1:${config.PORT}/cma/${DEMO_AGENT_CODE}`, 60_000);
  const landing = `${config.publicBaseUrl}/cma/${DEMO_AGENT_CODE}`;
  const banner = [
    '',
    '  OpenCMA is running.',
    `  Demo agent landing page:  ${landing}`,
    `  Agent sign-in:            ${config.publicBaseUrl}/agent/sign-in  (demo agent's phone: ${DEMO_AGENT_PHONE})`,
    `  API:                      ${system.apiUrl}/v1/openapi.json`,
    `  Local MLS (SimplyRETS):   ${system.mlsUrl}/properties`,
    system.config.SMS_PROVIDER === 'outbox' ? `  SMS outbox:               ${config.publicBaseUrl}/dev/outbox  (sign-in codes arrive here)` : '',
    system.localSmtp ? `  Local SMTP (lead e-mails): ${system.localSmtp.url}  (captured, listed on /dev/outbox)` : '',
    `  Database:                 ${system.database.kind === 'pglite' ? `PGlite in ${config.pgliteDir}` : 'PostgreSQL'}`,
    '  Press Ctrl+C to stop.',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
  console.log(`\n${banner}\n`);
}

main().catch((err) => {
  console.error('OpenCMA failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
