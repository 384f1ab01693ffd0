import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { fubEventSchema, type FubEventInput } from './event-schema';

/**
 * A local HTTP server speaking the part of Follow Up Boss's API OpenCMA uses — POST /v1/events (and
 * GET /v1/events to read them back) — so the real client runs unchanged in development and tests.
 * It checks HTTP Basic auth (API key as username), validates bodies like FUB (400 with `errorMessage`),
 * merges people by phone like FUB (201 for a new person, 200 for a known one, the person as the answer),
 * stores every accepted event, and injects faults: 429 with Retry-After, 5xx N times, dropped
 * connections, and 401 for a revoked key.
 */
export interface FubStandInOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /**
   * The API keys it accepts. Unset: any key (development), except keys starting with `revoked`
   * and keys revoked with revokeKey(), which get 401 like a revoked FUB key.
   */
  apiKeys?: readonly string[];
}

export interface FubStandInEvent {
  id: number;
  personId: number;
  receivedAt: string;
  /** The key's last 4 characters (the stand-in never keeps a key it would have to show). */
  apiKeyLast4: string;
  /** X-System / whether X-System-Key was sent. */
  system: string | null;
  systemKeySent: boolean;
  body: FubEventInput;
}

export interface FubStandIn {
  /** e.g. http://127.0.0.1:53211 (no trailing slash). */
  readonly url: string;
  /** Accepted events, oldest first. */
  readonly events: readonly FubStandInEvent[];
  /** POST /v1/events requests received (accepted or not). */
  readonly requestCount: number;
  /** The next `times` POSTs get `status` (429: with Retry-After `retryAfterSeconds`, default 1). */
  failNext(status: number, times?: number, opts?: { retryAfterSeconds?: number }): void;
  /** The next `times` POSTs get their connection closed without an answer. */
  dropNext(times?: number): void;
  /** The next `times` events are accepted (stored) but their connection is closed before the answer. */
  acceptThenDropNext(times?: number): void;
  /** GET requests received (people and events lookups). */
  readonly lookupCount: number;
  /** From now on this key gets 401. */
  revokeKey(apiKey: string): void;
  reset(): void;
  close(): Promise<void>;
}

type Fault = { kind: 'fail'; status: number; retryAfterSeconds: number } | { kind: 'drop' } | { kind: 'accept-then-drop' };

const REASON: Record<number, string> = {
  401: 'Access denied: invalid API key.',
  403: 'Forbidden.',
  429: 'Too many requests.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable.',
};

const digits = (phone: string) => phone.replace(/\D/g, '');

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The API key from `Authorization: Basic base64(key:)`; null when absent or malformed. */
function apiKeyOf(req: FastifyRequest): string | null {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const key = i < 0 ? decoded : decoded.slice(0, i);
  return key.trim() ? key : null;
}

export async function startFubStandIn(options: FubStandInOptions = {}): Promise<FubStandIn> {
  const events: FubStandInEvent[] = [];
  /** The key each event came with (same index as `events`; kept in memory, never shown). */
  const owners: string[] = [];
  /** People per API key (an FUB account), found again by phone digits. */
  type Person = { id: number; created: string; phones: string[] };
  const people = new Map<string, Map<string, Person>>();
  const revoked = new Set<string>();
  let faults: Fault[] = [];
  let requestCount = 0;
  let lookupCount = 0;
  let nextEventId = 1;
  let nextPersonId = 1;

  const accepted = (key: string) => {
    if ([...revoked].some((r) => sameKey(r, key))) return false;
    if (options.apiKeys) return options.apiKeys.some((k) => sameKey(k, key));
    return !key.startsWith('revoked');
  };
  const error = (reply: FastifyReply, status: number, message: string) => reply.status(status).send({ errorMessage: message });

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  // A body that is not JSON is FUB's 400 with errorMessage, not Fastify's default error shape.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) =>
    error(
      reply,
      err.statusCode && err.statusCode < 500 ? 400 : 500,
      err.statusCode && err.statusCode < 500 ? `Invalid request body: ${err.message}` : 'Internal server error.',
    ),
  );

  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const key = apiKeyOf(req);
    if (!key || !accepted(key)) return error(reply, 401, REASON[401]!);
    return undefined;
  };

  app.post('/v1/events', { preHandler: authenticate }, async (req, reply) => {
    requestCount++;
    const fault = faults.shift();
    if (fault?.kind === 'drop') {
      req.raw.socket.destroy();
      return reply;
    }
    if (fault?.kind === 'fail') {
      if (fault.status === 429) reply.header('retry-after', String(fault.retryAfterSeconds));
      return error(reply, fault.status, REASON[fault.status] ?? `Error ${fault.status}.`);
    }
    const parsed = fubEventSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.');
      return error(reply, 400, issue.message.startsWith(where) || !where ? issue.message : `${where}: ${issue.message}`);
    }
    const body = parsed.data;
    const key = apiKeyOf(req)!;
    const account = people.get(key) ?? new Map();
    people.set(key, account);
    const phones = body.person.phones.map((p) => digits(p.value));
    const known = phones.map((p) => account.get(p)).find(Boolean);
    const person = known ?? { id: nextPersonId++, created: new Date().toISOString(), phones };
    for (const p of phones) account.set(p, person);
    owners.push(key);
    events.push({
      id: nextEventId++,
      personId: person.id,
      receivedAt: new Date().toISOString(),
      apiKeyLast4: key.slice(-4),
      system: typeof req.headers['x-system'] === 'string' ? req.headers['x-system'] : null,
      systemKeySent: typeof req.headers['x-system-key'] === 'string',
      body,
    });
    if (fault?.kind === 'accept-then-drop') {
      req.raw.socket.destroy();
      return reply;
    }
    // FUB answers with the person the event was linked to (201 when it created them).
    return reply.status(known ? 200 : 201).send({
      id: person.id,
      created: person.created,
      updated: new Date().toISOString(),
      createdVia: 'API',
      name: body.person.phones[0]!.value,
      stage: 'Lead',
      source: body.source ?? null,
      sourceUrl: body.sourceUrl ?? null,
      phones: body.person.phones.map((p) => ({ value: p.value, type: p.type ?? 'mobile', status: 'Not Validated', isPrimary: 1 })),
      emails: body.person.emails ?? [],
      addresses: body.person.addresses ?? [],
    });
  });

  app.get('/v1/people', { preHandler: authenticate }, async (req) => {
    lookupCount++;
    const q = req.query as Record<string, string | undefined>;
    const account = people.get(apiKeyOf(req)!) ?? new Map<string, Person>();
    const found = q.phone ? account.get(digits(q.phone)) : undefined;
    const list = found ? [found] : q.phone ? [] : [...new Set(account.values())];
    return {
      _metadata: { collection: 'people', offset: 0, limit: Math.min(100, Number(q.limit) || 10), total: list.length },
      people: list.map((p) => ({ id: p.id, created: p.created, phones: p.phones.map((value) => ({ value })) })),
    };
  });

  app.get('/v1/events', { preHandler: authenticate }, async (req) => {
    lookupCount++;
    const q = req.query as Record<string, string | undefined>;
    const key = apiKeyOf(req)!;
    const limit = Math.min(100, Math.max(1, Number(q.limit) || 10));
    const offset = Math.max(0, Number(q.offset) || 0);
    const mine = events.filter((e, i) => owners[i] === key && (!q.personId || String(e.personId) === q.personId));
    const page = mine.slice(offset, offset + limit);
    return {
      _metadata: { collection: 'events', offset, limit, total: mine.length },
      events: page.map((e) => ({ id: e.id, personId: e.personId, created: e.receivedAt, ...e.body })),
    };
  });

  // Not part of Follow Up Boss's API: every stored event (keys as their last 4), newest first, for /dev/outbox.
  app.get('/dev/events', async () => ({
    events: [...events].reverse().map((e) => ({
      id: e.id,
      person_id: e.personId,
      received_at: e.receivedAt,
      api_key_last4: e.apiKeyLast4,
      system: e.system,
      type: e.body.type,
      source: e.body.source ?? null,
      phones: e.body.person.phones.map((p) => p.value),
      property: e.body.property ?? null,
      message: e.body.message ?? null,
      page_url: e.body.pageUrl ?? null,
    })),
  }));

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    events,
    get requestCount() {
      return requestCount;
    },
    get lookupCount() {
      return lookupCount;
    },
    failNext(status, times = 1, opts = {}) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'fail', status, retryAfterSeconds: opts.retryAfterSeconds ?? 1 });
    },
    dropNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'drop' });
    },
    acceptThenDropNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'accept-then-drop' });
    },
    revokeKey(apiKey) {
      revoked.add(apiKey);
    },
    reset() {
      events.length = 0;
      owners.length = 0;
      people.clear();
      revoked.clear();
      faults = [];
      requestCount = 0;
      lookupCount = 0;
      nextEventId = 1;
      nextPersonId = 1;
    },
    async close() {
      await app.close();
    },
  };
}
