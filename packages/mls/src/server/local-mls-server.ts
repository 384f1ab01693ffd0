import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { DEMO_CREDENTIALS, isAuthorized, type Credentials } from './auth';
import { asOfDataset, loadDataset, withExtraListings } from './dataset';
import type { ListingInput } from '../listing-schema';
import { decideFault, faultsFromQuery, type FaultOptions } from './faults';
import { linkHeader } from './link-header';
import { search } from './search';
import { BadRequest, parseSearchQuery } from './search-query';

export interface LocalMlsServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** King County sales CSV; default the bundled data/king-county file. */
  dataFile?: string;
  faults?: FaultOptions;
  /** HTTP Basic credentials to accept; default simplyrets/simplyrets; null turns auth off. */
  credentials?: Credentials | null;
  /**
   * Listings served besides the King County sales (e.g. Active listings for market-statistics tests),
   * in the SimplyRETS shape; one with an existing mlsId replaces that listing.
   */
  extraListings?: readonly ListingInput[];
  /** Random source for rate-based faults (tests pass a fixed one). */
  random?: () => number;
  /** YYYY-MM-DD: sales that closed after it are hidden, as if today were that day (MLS_AS_OF). */
  asOf?: string | null;
}

export interface LocalMlsServerStats {
  requests: number;
  inFlight: number;
  maxInFlight: number;
}

export interface LocalMlsServer {
  /** e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  /** Replaces the server-wide fault settings. */
  setFaults(faults: FaultOptions): void;
  /**
   * Moves the "as of" date (MLS_AS_OF) forward to `date` (YYYY-MM-DD; never back): the sales that closed
   * up to it appear, as if time had passed — the demo's update cycle at a later day (decision 0037).
   * Without an as-of date nothing is hidden and nothing changes. Returns the as-of date now in force.
   */
  advanceTo(date: string): string | null;
  /** Request counters (for tests of client behaviour such as the concurrency cap). */
  stats: LocalMlsServerStats;
  resetStats(): void;
}

const MEDIA_TYPE = 'vnd.simplyrets-v0.1';

function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: status, message });
}

/** Starts a SimplyRETS-compatible API over the King County sales. */
export async function startLocalMlsServer(options: LocalMlsServerOptions = {}): Promise<LocalMlsServer> {
  const base = withExtraListings(loadDataset(options.dataFile), options.extraListings ?? []);
  let asOf = options.asOf ?? null;
  let dataset = asOfDataset(base, asOf);
  const credentials = options.credentials === undefined ? DEMO_CREDENTIALS : options.credentials;
  const random = options.random ?? Math.random;
  let faults: FaultOptions = { ...options.faults };
  const stats: LocalMlsServerStats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  const hanging = new Set<() => void>();
  const malformed = new WeakSet<FastifyRequest>();

  const app = Fastify({ logger: false, forceCloseConnections: true });

  const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('application/json; charset=utf-8').send(body);

  app.addHook('onRequest', async (request, reply) => {
    stats.requests += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    reply.raw.once('close', () => {
      stats.inFlight -= 1;
    });
    reply.header('X-SimplyRETS-Media-Type', MEDIA_TYPE);
    reply.header('X-SimplyRETS-LastUpdate', dataset.lastUpdate);
    reply.header('Vary', 'Accept, Accept-Language');
    reply.header('Access-Control-Allow-Origin', '*');
    if (credentials && !isAuthorized(request.headers.authorization, credentials)) {
      reply.header('WWW-Authenticate', 'Basic realm="SimplyRETS"');
      return send(reply, 401, errorBody(401, 'Authentication Required'));
    }
    const perRequest = faultsFromQuery(request.query as Record<string, unknown>);
    const active = Object.keys(perRequest).length > 0 ? { ...faults, ...perRequest } : faults;
    if (active.latencyMs) await new Promise((r) => setTimeout(r, active.latencyMs));
    const fault = decideFault(active, random);
    switch (fault.kind) {
      case 'hang':
        await new Promise<void>((resolve) => hanging.add(resolve));
        reply.raw.destroy();
        return reply;
      case 'rateLimit':
        reply.header('Retry-After', String(fault.retryAfterSeconds));
        return send(reply, 429, errorBody(429, 'Too Many Requests'));
      case 'error':
        return send(reply, fault.status, errorBody(fault.status, 'Internal Server Error'));
      case 'malformed':
        malformed.add(request);
        return;
      case 'none':
        return;
    }
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    if (malformed.has(request) && typeof payload === 'string') return payload.slice(0, Math.floor(payload.length / 2));
    return payload;
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof BadRequest) return send(reply, 400, errorBody(400, error.message));
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return send(reply, status, errorBody(status, error instanceof Error ? error.message : 'Bad Request'));
    return send(reply, 500, errorBody(500, 'Internal Server Error'));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, 404, errorBody(404, 'Not Found')));

  app.get('/properties', async (request, reply) => {
    const query = parseSearchQuery(request.query as Record<string, string | string[]>);
    const page = search(dataset.listings, query);
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const link = linkHeader(`${request.protocol}://${request.host}`, rawQuery, page, query.limit);
    if (link) reply.header('Link', link);
    if (query.count) reply.header('X-Total-Count', String(page.total));
    return send(reply, 200, `[${page.items.map((i) => i.json).join(',')}]`);
  });

  app.get<{ Params: { mlsId: string } }>('/properties/:mlsId', async (request, reply) => {
    const { mlsId } = request.params;
    const found = /^\d+$/.test(mlsId) ? dataset.byId.get(Number(mlsId)) : undefined;
    if (!found) return send(reply, 404, errorBody(404, `No property found wih MLS ID "${mlsId}"`));
    return send(reply, 200, found.json);
  });

  const expires = () => new Date(Date.now() + 3600_000).toISOString();

  app.options('/properties', async (_request, reply) =>
    send(
      reply,
      200,
      JSON.stringify({
        expires: expires(),
        lastUpdate: dataset.lastUpdate,
        fields: {
          status: ['Closed'],
          cities: dataset.cities,
          counties: ['King'],
          features: [],
          neighborhoods: [],
          areaMinor: [],
          type: ['Residential'],
        },
      }),
    ),
  );

  app.options('/', async (_request, reply) =>
    send(
      reply,
      200,
      JSON.stringify({
        expires: expires(),
        vendors: ['kingcounty'],
        updates: { kingcounty: dataset.lastUpdate },
        endpoints: ['/properties'],
        accepts: ['application/json', 'application/vnd.simplyrets-v0.1+json'],
      }),
    ),
  );

  app.addHook('preClose', async () => {
    for (const release of hanging) release();
    hanging.clear();
  });

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('local MLS server: no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      await app.close();
    },
    setFaults(next) {
      faults = { ...next };
    },
    advanceTo(date) {
      if (asOf !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) && date > asOf) {
        asOf = date;
        dataset = asOfDataset(base, asOf);
      }
      return asOf;
    },
    stats,
    resetStats() {
      stats.requests = 0;
      stats.maxInFlight = stats.inFlight;
    },
  };
}
