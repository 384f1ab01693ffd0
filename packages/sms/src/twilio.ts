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

/**
 * Sends through Twilio's REST API (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded,
 * HTTP Basic auth). A compact fetch client rather than the `twilio` package: one endpoint, no
 * extra dependency tree, and a plain `baseUrl` to point at the local Twilio-speaking server.
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

  return {
    provider: 'twilio',
    async send(msg) {
      const form = new URLSearchParams();
      form.set('To', msg.to);
      if (messagingServiceSid) form.set('MessagingServiceSid', messagingServiceSid);
      else if (from) form.set('From', from);
      form.set('Body', msg.body);
      if (msg.statusCallbackUrl) form.set('StatusCallback', msg.statusCallbackUrl);

      let res: Response;
      let text: string;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        const name = (err as Error).name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        throw new SmsError(timedOut ? `twilio: no answer within ${timeoutMs} ms` : `twilio: network error: ${(err as Error).message}`, {
          code: timedOut ? 'timeout' : 'network',
          permanent: false,
          cause: err,
        });
      }

      const json = readJson(text);
      if (res.ok) {
        const sid = (json as { sid?: unknown } | undefined)?.sid;
        const status = (json as { status?: unknown } | undefined)?.status;
        if (typeof sid === 'string' && sid && typeof status === 'string') {
          return { providerMessageId: sid, status };
        }
        // Twilio said yes but we cannot read the SID: retrying could text the person twice.
        throw new SmsError(`twilio: unreadable ${res.status} response`, { code: 'bad_response', permanent: true, status: res.status });
      }

      const body = (typeof json === 'object' && json !== null ? json : {}) as TwilioErrorBody;
      const code = typeof body.code === 'number' ? body.code : null;
      const message = typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
      throw new SmsError(`twilio ${code ?? res.status}: ${message}`, {
        code: code ?? `http_${res.status}`,
        permanent: isPermanentTwilioError(code, res.status),
        status: res.status,
        ...(typeof body.more_info === 'string' ? { moreInfo: body.more_info } : {}),
      });
    },
  };
}
