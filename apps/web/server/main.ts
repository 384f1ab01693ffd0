/**
 * The web app's server (`npm run start:web`, and the web part of `npm start`): Next.js behind a small
 * Node HTTP server, for two things `next start` cannot do. It settles the client's address from the
 * socket and TRUSTED_PROXIES before Next sees the request (lib/client-address.ts; Next itself keeps
 * whatever X-Forwarded-For a client sends), and it listens on HOST and PORT (`next start` binds every
 * interface unless given -H). It also adds Strict-Transport-Security to every answer over https
 * (lib/security-headers.ts), which it can tell only after settling the proxy headers.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { loadConfig } from '@opencma/config';
import { proxyTrust } from '@opencma/config/proxy-trust';
import { settleClientAddress } from '../lib/client-address';
import { strictTransportSecurity } from '../lib/security-headers';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = loadConfig();
const dev = process.argv.includes('--dev');
const trust = proxyTrust(config.trustedProxies);

// Next resolves next.config.ts's own imports from the working directory
process.chdir(dir);
const app = next({ dev, dir, hostname: config.HOST, port: config.PORT });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  // liveness for container health checks and load balancers, answered without Next
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  settleClientAddress(req.headers, req.socket.remoteAddress, trust);
  const hsts = strictTransportSecurity(config.publicBaseUrl, req.headers['x-forwarded-proto']);
  if (hsts) res.setHeader('Strict-Transport-Security', hsts);
  void handle(req, res);
});
server.listen(config.PORT, config.HOST, () => {
  console.log(`web app listening on http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
