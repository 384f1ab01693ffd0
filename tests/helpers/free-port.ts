import net from 'node:net';

const bind = (port: number): Promise<number | null> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });

/** Where free ports are looked for without TEST_PORTS. */
const BELOW_EPHEMERAL = { first: 20_000, last: 32_767 };

/** TEST_PORTS=4410-4419 (optional): hand out ports of that range only, e.g. on a machine shared by several people. */
const range = /^(\d+)-(\d+)$/.exec(process.env.TEST_PORTS ?? '');
let next = range ? Number(range[1]) : 0;

/** A port that was free a moment ago on 127.0.0.1: a random one below the ephemeral range, or the next free one of TEST_PORTS. */
export async function freePort(): Promise<number> {
  if (!range) {
    // Below Linux's ephemeral range (32768–60999): a port from there could be taken by an outgoing
    // connection (PostgreSQL, Redis, fetch) between this check and the server's own listen.
    for (let tries = 0; tries < 50; tries++) {
      const port = await bind(BELOW_EPHEMERAL.first + Math.floor(Math.random() * (BELOW_EPHEMERAL.last - BELOW_EPHEMERAL.first + 1)));
      if (port !== null) return port;
    }
    const port = await bind(0);
    if (port === null) throw new Error('no free port');
    return port;
  }
  const [first, last] = [Number(range[1]), Number(range[2])];
  for (let tries = 0; tries <= last - first; tries++) {
    const port = next;
    next = next >= last ? first : next + 1;
    if ((await bind(port)) !== null) return port;
  }
  throw new Error(`no free port in TEST_PORTS=${process.env.TEST_PORTS}`);
}
