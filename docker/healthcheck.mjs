// HEALTHCHECK: /healthz of the role this container runs (docker/entrypoint.sh wrote it down); the
// local MLS stand-in has no /healthz, so any answer of it below 500 will do.
import { readFileSync } from 'node:fs';

let role;
try {
  role = readFileSync('/tmp/opencma-role', 'utf8').trim();
} catch {
  process.exit(0); // a one-shot command (migrate, backup): nothing to check
}
const env = process.env;
const port = { web: env.PORT ?? 3000, all: env.PORT ?? 3000, api: env.API_PORT ?? 3001, worker: env.WORKER_PORT ?? 3002, mls: env.MLS_PORT ?? 4010 }[
  role
];
try {
  const res = await fetch(`http://127.0.0.1:${port}${role === 'mls' ? '/properties' : '/healthz'}`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok || (role === 'mls' && res.status < 500) ? 0 : 1);
} catch {
  process.exit(1);
}
