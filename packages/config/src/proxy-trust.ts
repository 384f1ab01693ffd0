/**
 * One trust model for client addresses (decision 0012). TRUSTED_PROXIES names who may tell us the
 * client's address in X-Forwarded-For; everybody else's header is ignored. proxy-addr (what Fastify's
 * `trustProxy` uses) walks the chain from the socket address leftwards while each hop is trusted.
 *
 * - The web app (apps/web/server/main.ts) trusts exactly TRUSTED_PROXIES and replaces X-Forwarded-For with
 *   the one address it worked out before Next sees the request.
 * - The API trusts loopback (the web app on the same host) and TRUSTED_PROXIES (the web app's address
 *   when it runs elsewhere, a load balancer in front of the API).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyaddr from '@fastify/proxy-addr';
import type { TrustedProxies } from './index';

export type TrustFunction = (address: string, hop: number) => boolean;

const trustNone: TrustFunction = () => false;

/** Whether the hop-th address of the chain (0 = the socket's peer) may name the one before it. */
export function proxyTrust(trusted: TrustedProxies): TrustFunction {
  if ('hops' in trusted) {
    const hops = trusted.hops;
    return (_address, hop) => hop < hops;
  }
  return trusted.addresses.length ? proxyaddr.compile(trusted.addresses) : trustNone;
}

const loopback = proxyaddr.compile('loopback');

/** The API's trust: loopback (the web app beside it) and TRUSTED_PROXIES. */
export function apiProxyTrust(trusted: TrustedProxies): TrustFunction {
  const configured = proxyTrust(trusted);
  return (address, hop) => loopback(address, hop) || configured(address, hop);
}

/** ::ffff:203.0.113.5 → 203.0.113.5 (Node reports IPv4 peers of a dual-stack socket this way). */
export function plainAddress(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * The client's address for a request that came from `peer` with this X-Forwarded-For: the furthest
 * address reached through trusted hops; a forwarded entry that is not an IP address ends the walk at
 * the proxy that sent it.
 */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trust: TrustFunction): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const request = { socket: { remoteAddress: peer }, headers: header ? { 'x-forwarded-for': header } : {} } as unknown as IncomingMessage;
  const chain = proxyaddr.all(request, trust);
  let i = chain.length - 1;
  while (i > 0 && !isIP(chain[i] ?? '')) i--;
  return plainAddress(chain[i] ?? peer);
}
