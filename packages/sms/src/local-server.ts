import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeTwilioSignature } from './signature';

/**
 * A local HTTP server that speaks the part of Twilio's REST API OpenCMA uses (Messages), so the
 * real Twilio client runs unchanged in development and tests. It checks Basic auth, validates like
 * Twilio (same error codes and bodies), answers with Twilio's Message resource, records every
 * accepted message, lists them like Twilio (GET Messages.json with To/From/DateSent filters and
 * paging), can report delivery through signed status callbacks, and lets tests and the chaos bench
 * inject faults: errors (429, 5xx, any Twilio code), dropped connections, slow answers,
 * accept-then-hang (the message is accepted but the answer never comes), callbacks that beat the 201,
 * and slow callbacks.
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
  /** Called with each accepted message, after its 201 is sent (or when it is accepted, for accept-then-hang). */
  onMessage?: (message: LocalTwilioMessage) => void;
  /**
   * Report delivery like Twilio: post signed status callbacks (`sent`, then `delivered` unless other
   * statuses are given) to each accepted message's StatusCallback, `delayMs` apart.
   */
  deliver?: boolean | { statuses?: LocalTwilioDeliveryStatus[]; delayMs?: number };
  /** Called after each automatic status callback with its HTTP status (0: unreachable). */
  onCallback?: (sid: string, status: LocalTwilioDeliveryStatus, httpStatus: number) => void;
  /** Random faults from the start (see LocalTwilioServer.setFaults). */
  faults?: LocalTwilioFaults;
}

/** Random faults, each a share (0–1) of message requests; used by `npm run bench:chaos`. */
export interface LocalTwilioFaults {
  /** The message is accepted (and delivered) but no answer is ever sent. */
  acceptThenHangRate?: number;
  /** 429 with Twilio error 20429, nothing accepted. */
  tooManyRequestsRate?: number;
  /** 503 with Twilio error 20503, nothing accepted. */
  serverErrorRate?: number;
  /** With `deliver`: the status callbacks are posted (and answered) before the 201 is sent. */
  callbackBeforeResponseRate?: number;
  /** With `deliver`: extra milliseconds before each status callback. */
  callbackDelayMs?: number;
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
  /** Set when the message is reported sent (RFC 2822), null before, as in Twilio. */
  dateSent: string | null;
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
  /** The next `times` messages are accepted (recorded, delivered) but never answered: the client times out. */
  hangNext(times?: number): void;
  /** For the next `times` messages the status callbacks (with `deliver`) are posted before the 201. */
  callbacksBeforeResponseNext(times?: number): void;
  /** Replaces the random faults (an empty object turns them off). */
  setFaults(faults: LocalTwilioFaults): void;
  /** Number of Messages list (lookup) requests received. */
  readonly listCount: number;
  /** Faults injected so far, by kind: hang, early, drop, delay, and `fail_<code>` (e.g. fail_20429). */
  readonly injected: Readonly<Record<string, number>>;
  /** Posts a signed status callback for a recorded message, as Twilio does; returns the HTTP status. */
  sendStatusCallback(sid: string, status: LocalTwilioDeliveryStatus, opts?: { errorCode?: number }): Promise<number>;
  /** Forget messages and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: 'fail'; code: number; httpStatus: number; message: string }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'early' };

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
  let listCount = 0;
  const injected: Record<string, number> = {};
  let baseUrl = '';
  let random: LocalTwilioFaults = { ...(options.faults ?? {}) };
  const deliver = options.deliver
    ? { statuses: ['sent', 'delivered'] as LocalTwilioDeliveryStatus[], delayMs: 0, ...(options.deliver === true ? {} : options.deliver) }
    : null;
  const chance = (rate: number | undefined) => rate !== undefined && rate > 0 && Math.random() < rate;

  /** The next fault: a queued one first, else a random one. */
  const nextFault = (): Fault | undefined => {
    const queued = faults.shift();
    if (queued) return queued;
    if (chance(random.tooManyRequestsRate)) return { kind: 'fail', code: 20429, httpStatus: 429, message: 'Too Many Requests' };
    if (chance(random.serverErrorRate)) return { kind: 'fail', code: 20503, httpStatus: 503, message: 'Service Unavailable' };
    if (chance(random.acceptThenHangRate)) return { kind: 'hang' };
    if (chance(random.callbackBeforeResponseRate)) return { kind: 'early' };
    return undefined;
  };

  const resource = (m: LocalTwilioMessage) => ({
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: m.dateCreated,
    date_sent: m.dateSent,
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
    if (req.method === 'GET') {
      listCount++;
      return send(res, 200, JSON.stringify(listPage(url)));
    }
    if (req.method !== 'POST') return fail(res, 405, 20004, 'Method not allowed');

    const raw = await readBody(req);
    requestCount++;
    const fault = nextFault();
    if (fault) {
      const kind = fault.kind === 'fail' ? `fail_${fault.code}` : fault.kind;
      injected[kind] = (injected[kind] ?? 0) + 1;
    }
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
      dateSent: null,
    };
    messages.push(message);
    if (fault?.kind === 'hang') {
      // Accepted, and Twilio goes on delivering it, but the answer never comes.
      options.onMessage?.(message);
      void deliverMessage(message);
      return;
    }
    if (fault?.kind === 'early') await deliverMessage(message);
    if (res.destroyed) return;
    send(res, 201, JSON.stringify(resource(message)));
    options.onMessage?.(message);
    if (fault?.kind !== 'early') void deliverMessage(message);
  };

  /** With `deliver`: the message's status callbacks, one after the other. */
  const deliverMessage = async (m: LocalTwilioMessage): Promise<void> => {
    if (!deliver || !m.statusCallback) return;
    for (const status of deliver.statuses) {
      const wait = deliver.delayMs + (random.callbackDelayMs ?? 0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const code = await api.sendStatusCallback(m.sid, status).catch(() => 0);
      options.onCallback?.(m.sid, status, code);
    }
  };

  /**
   * GET Messages.json: newest first, filtered like Twilio by To, From and DateSent (`DateSent`,
   * `DateSent<`, `DateSent>`: YYYY-MM-DD; a message not sent yet has no date_sent and never matches),
   * paged by PageSize (default 50, at most 1000), Page and PageToken, with next_page_uri.
   */
  const listPage = (url: URL) => {
    const q = url.searchParams;
    const day = (m: LocalTwilioMessage) => (m.dateSent ? new Date(m.dateSent).toISOString().slice(0, 10) : null);
    const on = q.get('DateSent');
    const before = q.get('DateSent<');
    const after = q.get('DateSent>');
    const selected = [...messages].reverse().filter((m) => {
      if (q.get('To') && m.to !== q.get('To')) return false;
      if (q.get('From') && m.from !== q.get('From')) return false;
      if (on || before || after) {
        const d = day(m);
        if (!d) return false;
        if (on && d !== on) return false;
        if (before && d > before) return false;
        if (after && d < after) return false;
      }
      return true;
    });
    const pageSize = Math.min(1000, Math.max(1, Number(q.get('PageSize')) || 50));
    const page = Math.max(0, Number(q.get('Page')) || 0);
    const start = page * pageSize;
    const items = selected.slice(start, start + pageSize);
    const path = url.pathname;
    const pageUri = (p: number) => {
      const next = new URLSearchParams(q);
      next.set('PageSize', String(pageSize));
      next.set('Page', String(p));
      if (p > 0) next.set('PageToken', `PA${p * pageSize}`);
      else next.delete('PageToken');
      return `${path}?${next}`;
    };
    return {
      messages: items.map(resource),
      end: start + Math.max(items.length, 1) - 1,
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < selected.length ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start,
      uri: `${path}?${q}`,
    };
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

  const api: LocalTwilioServer = {
    url: baseUrl,
    port,
    messages,
    get requestCount() {
      return requestCount;
    },
    get listCount() {
      return listCount;
    },
    injected,
    failNext(code, httpStatus, times = 1, message) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'fail', code, httpStatus, message: message ?? DEFAULT_MESSAGES[code] ?? `Error ${code}` });
    },
    dropNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'drop' });
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'delay', ms });
    },
    hangNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'hang' });
    },
    callbacksBeforeResponseNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'early' });
    },
    setFaults(next) {
      random = { ...next };
    },
    async sendStatusCallback(sid, status, opts = {}) {
      const m = messages.find((x) => x.sid === sid);
      if (!m) throw new Error(`local twilio: no message ${sid}`);
      if (!m.statusCallback) throw new Error(`local twilio: message ${sid} has no StatusCallback`);
      m.status = status;
      if (status === 'sent' || status === 'delivered') m.dateSent ??= rfc2822(new Date());
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
      random = {};
      requestCount = 0;
      listCount = 0;
      for (const k of Object.keys(injected)) delete injected[k];
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return api;
}
