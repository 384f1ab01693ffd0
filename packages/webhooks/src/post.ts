/**
 * One POST to a checked webhook URL: connects only to the checked addresses (pinnedLookup), follows
 * no redirects (node's http client never does), gives up after `timeoutMs` for the whole exchange, and
 * reads at most 64 kB of the answer (then discards it).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pinnedLookup, type ResolvedAddress } from './ssrf';

export interface PostResult {
  status: number;
  headers: IncomingHttpHeaders;
}

export class PostError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network',
  ) {
    super(message);
    this.name = 'PostError';
  }
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function postJson(opts: {
  url: URL;
  addresses: readonly ResolvedAddress[];
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}): Promise<PostResult> {
  const client = opts.url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    const req = client.request(
      opts.url,
      {
        method: 'POST',
        headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        lookup: pinnedLookup(opts.addresses) as never,
        // a fresh connection each time: no pooled socket to an address checked for another request
        agent: false,
      },
      (res) => {
        // the status is the answer; the body is read (and dropped) only so the connection can close
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) req.destroy();
        });
        res.on('error', () => {});
        res.on('close', () => clearTimeout(timer));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      if (settled) return;
      settled = true;
      reject(new PostError(`no answer within ${opts.timeoutMs} ms`, 'timeout'));
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new PostError(err.code ? `${err.code}: ${err.message}` : err.message, 'network'));
    });
    req.end(opts.body);
  });
}
