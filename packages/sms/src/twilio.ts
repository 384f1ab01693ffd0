import { SmsError, isPermanentTwilioError } from './errors';
import type { SmsSender } from './types';

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** Sending number (E.164). One of `from` / `messagingServiceSid` is required. */
  from?: string;
  /** Messaging Service SID (MG…); takes precedence over `from`. */
  messagingServiceSid?: string;
  /** Defaults to https://api.twilio.com; point it at the local Twilio server in dev and tests. */
  baseUrl?: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
}

/** Twilio's error body: {code, message, more_info, status}. */
interface TwilioErrorBody {
  code?: unknown;
  message?: unknown;
  more_info?: unknown;
  status?: unknown;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Connection errors that mean the request never reached the provider (nothing can have been accepted). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkErrorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Twilio's Message resource, the fields we read. */
interface TwilioMessageResource {
  sid?: unknown;
  status?: unknown;
  error_code?: unknown;
  to?: unknown;
  from?: unknown;
  body?: unknown;
  messaging_service_sid?: unknown;
  date_created?: unknown;
}

/** A message created up to this long before `since` still matches (clocks differ). */
const LOOKUP_CLOCK_SKEW_MS = 5 * 60_000;
const LOOKUP_MAX_PAGES = 10;

/**
 * Sends through Twilio's REST API (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded,
 * HTTP Basic auth) and looks sent messages up in its Messages list. A compact fetch client rather than
 * the `twilio` package: two endpoints, no extra dependency tree, and a plain `baseUrl` to point at the
 * local Twilio-speaking server.
 */
export function createTwilioSender(options: TwilioSenderOptions): SmsSender {
  const { accountSid, authToken, from, messagingServiceSid } = options;
  if (!accountSid || !authToken) throw new Error('createTwilioSender: accountSid and authToken are required');
  if (!from && !messagingServiceSid) throw new Error('createTwilioSender: set `from` or `messagingServiceSid`');
  const baseUrl = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`;

  /** One HTTP exchange; SmsError for no answer (ambiguous unless the connection was never made). */
  async function exchange(url: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<{ res: Response; text: string }> {
    try {
      const res = await doFetch(url, {
        method: init.method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { res, text: await res.text() };
    } catch (err) {
      const name = (err as Error).name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const netCode = networkErrorCode(err);
      throw new SmsError(timedOut ? `twilio: no answer within ${timeoutMs} ms` : `twilio: network error: ${netCode ?? (err as Error).message}`, {
        code: timedOut ? 'timeout' : 'network',
        permanent: false,
        ambiguous: timedOut || !(netCode && NOT_SENT_CODES.has(netCode)),
        cause: err,
      });
    }
  }

  function errorFromResponse(res: Response, json: unknown): SmsError {
    const body = (typeof json === 'object' && json !== null ? json : {}) as TwilioErrorBody;
    const code = typeof body.code === 'number' ? body.code : null;
    const message = typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    return new SmsError(`twilio ${code ?? res.status}: ${message}`, {
      code: code ?? `http_${res.status}`,
      permanent: isPermanentTwilioError(code, res.status),
      // A 5xx may come after the message was stored; a 4xx (429 included) means it was refused.
      ambiguous: res.status >= 500,
      status: res.status,
      ...(typeof body.more_info === 'string' ? { moreInfo: body.more_info } : {}),
    });
  }

  const isOurSender = (m: TwilioMessageResource) => (messagingServiceSid ? m.messaging_service_sid === messagingServiceSid : m.from === from);

  return {
    provider: 'twilio',
    async send(msg) {
      const form = new URLSearchParams();
      form.set('To', msg.to);
      if (messagingServiceSid) form.set('MessagingServiceSid', messagingServiceSid);
      else if (from) form.set('From', from);
      form.set('Body', msg.body);
      if (msg.statusCallbackUrl) form.set('StatusCallback', msg.statusCallbackUrl);

      const { res, text } = await exchange(endpoint, { method: 'POST', body: form.toString() });
      const json = readJson(text);
      if (res.ok) {
        const sid = (json as { sid?: unknown } | undefined)?.sid;
        const status = (json as { status?: unknown } | undefined)?.status;
        if (typeof sid === 'string' && sid && typeof status === 'string') {
          return { providerMessageId: sid, status };
        }
        // Twilio said yes but we cannot read the SID: look it up rather than send again.
        throw new SmsError(`twilio: unreadable ${res.status} response`, {
          code: 'bad_response',
          permanent: false,
          ambiguous: true,
          status: res.status,
        });
      }
      throw errorFromResponse(res, json);
    },

    /**
     * GET Messages.json filtered by To (and From unless a Messaging Service picks the number), newest
     * first, following next_page_uri until the pages are older than `since`; matched on the body.
     * Not filtered by DateSent: a message still queued has no date_sent yet.
     */
    async findSent(lookup) {
      const query = new URLSearchParams({ To: lookup.to, PageSize: '100' });
      if (!messagingServiceSid && from) query.set('From', from);
      const oldest = lookup.since.getTime() - LOOKUP_CLOCK_SKEW_MS;
      let url: string | null = `${endpoint}?${query}`;
      let match: TwilioMessageResource | null = null;
      for (let page = 0; url && page < LOOKUP_MAX_PAGES; page++) {
        const { res, text } = await exchange(url, { method: 'GET' });
        const json = readJson(text) as { messages?: TwilioMessageResource[]; next_page_uri?: unknown } | undefined;
        if (!res.ok) throw errorFromResponse(res, json);
        if (!json || !Array.isArray(json.messages)) throw new SmsError('twilio: unreadable message list', { code: 'bad_response', permanent: false });
        let older = false;
        for (const m of json.messages) {
          const created = typeof m.date_created === 'string' ? Date.parse(m.date_created) : Number.NaN;
          if (Number.isFinite(created) && created < oldest) {
            older = true;
            continue;
          }
          // Newest first: the last match is the oldest copy.
          if (m.to === lookup.to && m.body === lookup.body && isOurSender(m) && typeof m.sid === 'string') match = m;
        }
        const next = typeof json.next_page_uri === 'string' && json.next_page_uri ? json.next_page_uri : null;
        url = older || !next ? null : new URL(next, `${baseUrl}/`).toString();
      }
      if (!match) return null;
      return { providerMessageId: String(match.sid), status: typeof match.status === 'string' ? match.status : 'queued' };
    },

    /** GET Messages/{Sid}.json: the message's status now (a delivery callback lost on our side is made up for). */
    async fetchStatus(providerMessageId) {
      const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages/${encodeURIComponent(providerMessageId)}.json`;
      const { res, text } = await exchange(url, { method: 'GET' });
      const json = readJson(text) as TwilioMessageResource | undefined;
      if (!res.ok) throw errorFromResponse(res, json);
      if (!json || typeof json.status !== 'string') throw new SmsError('twilio: unreadable message', { code: 'bad_response', permanent: false });
      return { status: json.status, errorCode: json.error_code == null ? null : String(json.error_code) };
    },
  };
}
