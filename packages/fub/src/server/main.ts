import { loadConfig } from '@opencma/config';
import { startFubStandIn } from './stand-in';

/**
 * `npm run fub [port]`: the local Follow Up Boss stand-in on its own (default port 3004), for running
 * separately started processes (`npm run start:worker`, …) against it with FUB_API_URL. It accepts any
 * API key except ones starting with `revoked` and logs each event it receives (type and the key's last
 * 4 characters; no phone numbers).
 */
const DEFAULT_PORT = 3004;
const config = loadConfig();
const portArg = process.argv[2];
const port = portArg !== undefined ? Number(portArg) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${portArg}`);
  process.exit(1);
}
const server = await startFubStandIn({ host: config.HOST, port });
let seen = 0;
const timer = setInterval(() => {
  for (const e of server.events.slice(seen)) console.log(`event ${e.id}: ${e.body.type} for person ${e.personId}, key …${e.apiKeyLast4}`);
  seen = server.events.length;
}, 500);
console.log(
  [
    `Local Follow Up Boss (Events API) listening on ${server.url}`,
    'Run the system against it with:',
    `  FUB_API_URL=${server.url} npm run start:worker   (and npm run start:api)`,
  ].join('\n'),
);
const stop = () => {
  clearInterval(timer);
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
