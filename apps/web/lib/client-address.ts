/**
 * What the web app tells Next (and through it the API) about who is asking, before any route sees
 * the request (apps/web/server/main.ts). X-Forwarded-For becomes the one address worked out under
 * TRUSTED_PROXIES (packages/config/src/proxy-trust.ts): a client's own X-Forwarded-For is ignored
 * unless its socket peer is a trusted proxy. A peer that is not trusted cannot name the host or the
 * protocol either; Next then sets those itself.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { clientAddress, type TrustFunction } from '@opencma/config/proxy-trust';

/** Headers by which a proxy describes the original request; only a trusted peer's are kept. */
const PROXY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded', 'x-real-ip'] as const;

/** Rewrites the request's headers in place: X-Forwarded-For = the client's address, nothing else forwarded from an untrusted peer. */
export function settleClientAddress(headers: IncomingHttpHeaders, peer: string | undefined, trust: TrustFunction): string {
  const socket = peer ?? '';
  const client = clientAddress(socket, headers['x-forwarded-for'], trust);
  if (!trust(socket, 0)) for (const h of PROXY_HEADERS) delete headers[h];
  headers['x-forwarded-for'] = client;
  return client;
}
