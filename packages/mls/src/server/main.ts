import { loadConfig } from '@opencma/config';
import { startLocalMlsServer } from './local-mls-server';

/** `npm run mls [port]`: the local SimplyRETS-compatible server (port from argv, else MLS_PORT). */
const config = loadConfig();
const portArg = process.argv[2];
const port = portArg !== undefined ? Number(portArg) : config.MLS_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${portArg}`);
  process.exit(1);
}

const server = await startLocalMlsServer({ host: config.HOST, port, asOf: config.MLS_AS_OF ?? null });
console.log(
  `Local MLS (SimplyRETS-compatible, King County sales) listening on ${server.url} (ready ${Math.round(performance.now())} ms after process start)`,
);
console.log(`Try: curl -u simplyrets:simplyrets '${server.url}/properties?status=Closed&limit=2'`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
