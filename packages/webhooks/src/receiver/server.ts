/**
 * A local webhook receiver: the stand-in for an agent's CRM or automation tool in development and
 * tests. It verifies each request's Standard Webhooks signature with the `standardwebhooks` library
 * (the secret comes from `secretsFor(url)`; unsigned or badly signed requests get 401), dedupes on
 * `webhook-id` like a real receiver should (a repeat is answered 200 and recorded as a duplicate), and
 * can inject faults: answer 500 (or any status) N times, answer only after a delay (past the
 * sender's timeout), 429 with Retry-After, or a redirect.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface ReceivedWebhook {
  /** webhook-id header ('' when missing). */
  id: string;
  path: string;
  /** The payload's `type`, when the body was JSON with one. */
  type: string | null;
  payload: unknown;
  receivedAt: string;
  /** What the receiver answered. */
  answer: number;
  /** Why it answered so: 'ok', 'duplicate', 'fault', or the verification error. */
  note: string;
  verified: boolean;
}

export interface LocalWebhookReceiverOptions {
  /** The secrets a request to this full URL may be signed with (several endpoints may share a URL). */
  secretsFor: (url: string) => readonly string[] | Promise<readonly string[]>;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface LocalWebhookReceiver {
  /** e.g. http://127.0.0.1:53211 — endpoints point at `${url}/hooks/anything`. */
  readonly url: string;
  readonly port: number;
  /** Every request, oldest first (faults and duplicates included). */
  readonly requests: readonly ReceivedWebhook[];
  /** Each verified webhook accepted once (first 2xx per webhook-id), oldest first. */
  readonly accepted: readonly ReceivedWebhook[];
  /** The next `times` requests are answered `status` (default 500) without being processed. */
  failNext(times: number, status?: number): void;
  /** The next `times` requests are answered 429 with Retry-After: `retryAfterSeconds`. */
  rateLimitNext(retryAfterSeconds: number, times?: number): void;
  /** The next `times` requests are answered (normally) only after `ms`. */
  delayNext(ms: number, times?: number): void;
  /** The next `times` requests are answered 302 to `location`. */
  redirectNext(location: string, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'rate'; seconds: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'redirect'; location: string };

const MAX_BODY = 1_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

function parse(body: string): { payload: unknown; type: string | null } {
  try {
    const payload = JSON.parse(body) as unknown;
    const type =
      payload && typeof payload === 'object' && typeof (payload as { type?: unknown }).type === 'string' ? (payload as { type: string }).type : null;
    return { payload, type };
  } catch {
    return { payload: body, type: null };
  }
}

/** Verifies with each candidate secret; null when one matches, else why not. */
function verify(secrets: readonly string[], body: string, headers: Record<string, string>): string | null {
  if (!secrets.length) return 'no endpoint with this URL';
  let reason = 'signature mismatch';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, headers);
      return null;
    } catch (err) {
      reason = err instanceof WebhookVerificationError ? err.message : String(err);
    }
  }
  return reason;
}

export async function startLocalWebhookReceiver(opts: LocalWebhookReceiverOptions): Promise<LocalWebhookReceiver> {
  const host = opts.host ?? '127.0.0.1';
  const requests: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  let faults: Fault[] = [];
  let base = '';

  const answer = (res: ServerResponse, status: number, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...extra });
    res.end(JSON.stringify({ ok: status < 300 }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405);
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = {
      'webhook-id': header(req, 'webhook-id'),
      'webhook-timestamp': header(req, 'webhook-timestamp'),
      'webhook-signature': header(req, 'webhook-signature'),
    };
    const { payload, type } = parse(body);
    const record = (status: number, note: string, verified: boolean): ReceivedWebhook => {
      const r = { id: headers['webhook-id'], path, type, payload, receivedAt: new Date().toISOString(), answer: status, note, verified };
      requests.push(r);
      return r;
    };
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      record(fault.status, 'fault', false);
      return answer(res, fault.status);
    }
    if (fault?.kind === 'rate') {
      record(429, 'fault', false);
      return answer(res, 429, { 'retry-after': String(fault.seconds) });
    }
    if (fault?.kind === 'redirect') {
      record(302, 'fault', false);
      return answer(res, 302, { location: fault.location });
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    const problem = verify(await opts.secretsFor(`${base}${req.url ?? '/'}`), body, headers);
    if (problem) {
      record(401, problem, false);
      return answer(res, 401);
    }
    if (seen.has(headers['webhook-id'])) {
      record(200, 'duplicate', true);
      return answer(res, 200);
    }
    seen.add(headers['webhook-id']);
    accepted.push(record(200, 'ok', true));
    answer(res, 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 400);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const repeat = (fault: Fault, times: number) => {
    for (let i = 0; i < times; i++) faults.push(fault);
  };
  return {
    url: base,
    port,
    requests,
    accepted,
    failNext: (times, status = 500) => repeat({ kind: 'status', status }, times),
    rateLimitNext: (seconds, times = 1) => repeat({ kind: 'rate', seconds }, times),
    delayNext: (ms, times = 1) => repeat({ kind: 'delay', ms }, times),
    redirectNext: (location, times = 1) => repeat({ kind: 'redirect', location }, times),
    reset() {
      requests.length = 0;
      accepted.length = 0;
      seen.clear();
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
