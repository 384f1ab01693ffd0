import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeTwilioSignature } from './signature';

/**
 * A local HTTP server that speaks the part of Twilio's REST API OpenCMA uses (Messages), so the
 * real Twilio client runs unchanged in development and tests. It checks Basic auth, validates like
 * Twilio (same error codes and bodies), answers with Twilio's Message resource, records every
 * accepted message, and lets tests inject failures.
 *
 * Twilio's magic test numbers behave as in Twilio's test credentials:
 *   +15005550001 → 21211 invalid, +15005550002 → 21612 cannot route, +15005550003 → 21408 no
 *   permission for region, +15005550004 → 21610 unsubscribed, +15005550009 → 21614 not mobile.
 */
export interface LocalTwilioServerOptions {
  accountSid: string;
  authToken: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Called with each accepted message, after its 201 is sent. */
  onMessage?: (message: LocalTwilioMessage) => void;
}

export interface LocalTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  dateCreated: string;
}

export type LocalTwilioDeliveryStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface LocalTwilioServer {
  /** Base URL to pass as the sender's `baseUrl`, e.g. http://127.0.0.1:53211 */
  readonly url: string;
  readonly port: number;
  /** Accepted messages, oldest first. */
  readonly messages: LocalTwilioMessage[];
  /** Number of Messages API requests received (accepted or not). */
  readonly requestCount: number;
  /** The next `times` message requests (after auth) fail with a Twilio error body. */
  failNext(code: number, httpStatus: number, times?: number, message?: string): void;
  /** The next `times` message requests get their connection closed without an answer. */
  dropNext(times?: number): void;
  /** The next `times` message requests are answered only after `ms`. */
  delayNext(ms: number, times?: number): void;
  /** Posts a signed status callback for a recorded message, as Twilio does; returns the HTTP status. */
  sendStatusCallback(sid: string, status: LocalTwilioDeliveryStatus, opts?: { errorCode?: number }): Promise<number>;
  /** Forget messages and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

type Fault = { kind: 'fail'; code: number; httpStatus: number; message: string } | { kind: 'drop' } | { kind: 'delay'; ms: number };

const E164 = /^\+[1-9]\d{7,14}$/;
const MAGIC_TO: Record<string, { code: number; message: string }> = {
  '+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS." },
  '+15005550003': {
    code: 21408,
    message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
  },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
};

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function errorBody(code: number, message: string, status: number): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
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

export async function startLocalTwilioServer(options: LocalTwilioServerOptions): Promise<LocalTwilioServer> {
  const { accountSid, authToken } = options;
  const host = options.host ?? '127.0.0.1';
  const messages: LocalTwilioMessage[] = [];
  let faults: Fault[] = [];
  let requestCount = 0;
  let baseUrl = '';

  const resource = (m: LocalTwilioMessage) => ({
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: m.dateCreated,
    date_sent: null,
    date_updated: m.dateCreated,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  });

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const fail = (res: ServerResponse, status: number, code: number, message: string) => send(res, status, errorBody(code, message, status));

  const authorized = (req: IncomingMessage, pathSid: string): boolean => {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return false;
    return decoded.slice(0, i) === accountSid && decoded.slice(i + 1) === authToken && pathSid === accountSid;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const listMatch = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const oneMatch = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(url.pathname);
    const pathSid = decodeURIComponent((listMatch ?? oneMatch)?.[1] ?? '');
    if (!listMatch && !oneMatch) return fail(res, 404, 20404, 'The requested resource was not found');
    if (!authorized(req, pathSid)) {
      await readBody(req).catch(() => '');
      return send(
        res,
        401,
        JSON.stringify({
          code: 20003,
          detail: 'Your AccountSid or AuthToken was incorrect.',
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        }),
      );
    }

    if (oneMatch) {
      if (req.method !== 'GET') return fail(res, 405, 20004, 'Method not allowed');
      const m = messages.find((x) => x.sid === decodeURIComponent(oneMatch[2] ?? ''));
      return m ? send(res, 200, JSON.stringify(resource(m))) : fail(res, 404, 20404, 'The requested resource was not found');
    }
    if (req.method !== 'POST') return fail(res, 405, 20004, 'Method not allowed');

    const raw = await readBody(req);
    requestCount++;
    const fault = faults.shift();
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'fail') return fail(res, fault.httpStatus, fault.code, fault.message);
    if (res.destroyed) return;

    const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const params = new URLSearchParams(isForm ? raw : '');
    const to = params.get('To');
    const from = params.get('From');
    const service = params.get('MessagingServiceSid');
    const body = params.get('Body');
    const statusCallback = params.get('StatusCallback');

    if (!to) return fail(res, 400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return fail(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from && !service) return fail(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    if (from && !E164.test(from))
      return fail(res, 400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    if (service && !/^MG[0-9a-f]{32}$/i.test(service)) return fail(res, 400, 21705, 'The Messaging Service Sid is invalid.');
    if (!body) return fail(res, 400, 21602, 'Message body is required.');
    if (body.length > 1600) return fail(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (statusCallback !== null) {
      try {
        const u = new URL(statusCallback);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      } catch {
        return fail(res, 400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
      }
    }
    const magic = MAGIC_TO[to];
    if (magic) return fail(res, 400, magic.code, magic.message);

    const message: LocalTwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to,
      from: from ?? null,
      messagingServiceSid: service ?? null,
      body,
      statusCallback,
      status: service && !from ? 'accepted' : 'queued',
      dateCreated: rfc2822(new Date()),
    };
    messages.push(message);
    send(res, 201, JSON.stringify(resource(message)));
    options.onMessage?.(message);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) fail(res, 500, 20500, `Internal Server Error: ${(err as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    messages,
    get requestCount() {
      return requestCount;
    },
    failNext(code, httpStatus, times = 1, message) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'fail', code, httpStatus, message: message ?? DEFAULT_MESSAGES[code] ?? `Error ${code}` });
    },
    dropNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'drop' });
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'delay', ms });
    },
    async sendStatusCallback(sid, status, opts = {}) {
      const m = messages.find((x) => x.sid === sid);
      if (!m) throw new Error(`local twilio: no message ${sid}`);
      if (!m.statusCallback) throw new Error(`local twilio: message ${sid} has no StatusCallback`);
      m.status = status;
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
      };
      if (m.from) params.From = m.from;
      if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
      if (opts.errorCode !== undefined) params.ErrorCode = String(opts.errorCode);
      const res = await fetch(m.statusCallback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': computeTwilioSignature(authToken, m.statusCallback, params),
          'user-agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      });
      await res.arrayBuffer();
      return res.status;
    },
    reset() {
      messages.length = 0;
      faults = [];
      requestCount = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
