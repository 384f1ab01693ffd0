/**
 * Same-origin /v1/* for the browser, forwarded to the API. A route handler rather than a
 * next.config rewrite because (1) Next's external-rewrite proxy sends no X-Forwarded-For, so the
 * API would see every consumer as 127.0.0.1 (per-IP rate limits and consent records need the real
 * client), and (2) rewrites are frozen into the build, while this reads the API URL at run time.
 */
import { loadConfig } from '@opencma/config';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

let base: string | undefined;

function upstreamUrl(req: Request): URL | null {
  const url = new URL(req.url);
  if (!url.pathname.startsWith('/v1/')) return null;
  base ??= loadConfig().apiUrl;
  return new URL(`${base}${url.pathname}${url.search}`);
}

/**
 * The browser's request headers for the API, with who sent it: X-Forwarded-For is the one client
 * address the web app's server settled under TRUSTED_PROXIES (server/main.ts, lib/client-address.ts),
 * whatever the client sent; the protocol and host, the user agent (rate limits, the consent record).
 * Also used by the landing route when it sends a form posted without JavaScript.
 */
export function forwardedRequestHeaders(req: Request): Headers {
  const out = new Headers();
  req.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key) && !key.startsWith('x-middleware-') && key !== 'accept-encoding') out.set(key, value);
  });
  const url = new URL(req.url);
  if (!out.has('x-forwarded-proto')) out.set('x-forwarded-proto', url.protocol.replace(':', ''));
  if (!out.has('x-forwarded-host') && req.headers.get('host')) out.set('x-forwarded-host', req.headers.get('host')!);
  return out;
}

function responseHeaders(res: Response): Headers {
  const out = new Headers();
  res.headers.forEach((value, key) => {
    // fetch has already decoded the body: drop the encoding and length it no longer matches
    if (!HOP_BY_HOP.has(key) && key !== 'content-encoding') out.append(key, value);
  });
  return out;
}

/** Request bodies are small JSON (or the landing form's fields); refuse anything larger instead of buffering it. */
const MAX_BODY = 64 * 1024;
/** Except an agent's photo upload (the API checks its 5 MB limit and the content). */
const MAX_UPLOAD = 6 * 1024 * 1024;
const UPLOAD_PATHS = new Set(['/v1/agent/landing-page/photo']);

/** The request's body, or null when it is larger than `max` (MAX_BODY by default). */
export async function readBody(req: Request, max = MAX_BODY): Promise<ArrayBuffer | null> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > max) return null;
  if (!req.body) return new ArrayBuffer(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

const badGateway = () =>
  Response.json(
    { error: { code: 'bad_gateway', message: 'The service is temporarily unavailable. Please try again.' } },
    { status: 502, headers: { 'cache-control': 'no-store' } },
  );

export async function forward(req: Request): Promise<Response> {
  const target = upstreamUrl(req);
  if (!target) return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? await readBody(req, UPLOAD_PATHS.has(target.pathname) ? MAX_UPLOAD : MAX_BODY) : undefined;
  if (body === null) return Response.json({ error: { code: 'payload_too_large', message: 'Request body too large' } }, { status: 413 });
  try {
    const res = await fetch(target, {
      method: req.method,
      headers: forwardedRequestHeaders(req),
      body,
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.any([req.signal, AbortSignal.timeout(30_000)]),
    });
    return new Response(req.method === 'HEAD' ? null : res.body, { status: res.status, statusText: res.statusText, headers: responseHeaders(res) });
  } catch {
    return badGateway();
  }
}
