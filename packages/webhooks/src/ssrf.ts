/**
 * Where a webhook may go (SSRF guard). A URL is checked when an endpoint is registered and again at
 * every send: https only, no credentials in it, and every address its host resolves to (all A/AAAA
 * records) must be a public unicast address; the connection is then made to an address that was
 * checked (see pinnedLookup), so a DNS answer that changes between check and connect cannot steer the
 * request inside. Hosts on the operator's allow-list (WEBHOOK_ALLOWED_HOSTS, for local testing) may
 * use http and private addresses.
 */
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (A and AAAA). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found: LookupAddress[] = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export type UrlCheck =
  | { ok: true; url: URL; addresses: ResolvedAddress[]; allowListed: boolean }
  | { ok: false; code: 'invalid_url' | 'refused_address' | 'unresolvable'; reason: string };

/** A URL host without IPv6 brackets, lower-case. */
const bare = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/**
 * The special-purpose range an address is in (ipaddr.js's names: private, loopback, linkLocal,
 * uniqueLocal, carrierGradeNat, multicast, unspecified, reserved, 6to4, teredo, rfc6052, …), or null
 * for a public unicast address. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4
 * address they carry. Anything that does not parse counts as refused.
 */
export function specialRange(address: string): string | null {
  const text = bare(address);
  if (!ipaddr.isValid(text)) return 'invalid';
  const range = ipaddr.process(text).range();
  return range === 'unicast' ? null : range;
}

export function isAllowListed(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = bare(hostname);
  return allowedHosts.some((h) => bare(h) === host);
}

/** The checks that need no DNS: a well-formed http(s) URL, https unless allow-listed, no user:password. */
export function checkUrlShape(
  raw: string,
  allowedHosts: readonly string[],
): { ok: true; url: URL; allowListed: boolean } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Enter a full URL, e.g. https://example.com/hooks/opencma.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'The URL must start with https://.' };
  if (url.username || url.password) return { ok: false, reason: 'The URL must not contain a user name or password.' };
  if (!url.hostname) return { ok: false, reason: 'The URL has no host.' };
  const allowListed = isAllowListed(url.hostname, allowedHosts);
  if (url.protocol === 'http:' && !allowListed) return { ok: false, reason: 'The URL must use https://.' };
  url.hash = '';
  return { ok: true, url, allowListed };
}

/** A DNS answer slower than this counts as no answer (getaddrinfo has no timeout of its own). */
const DNS_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Every check: the URL's shape, then each address its host resolves to. */
export async function checkWebhookUrl(raw: string, opts: { allowedHosts: readonly string[]; resolve?: Resolver }): Promise<UrlCheck> {
  const shape = checkUrlShape(raw, opts.allowedHosts);
  if (!shape.ok) return { ok: false, code: 'invalid_url', reason: shape.reason };
  const { url, allowListed } = shape;
  const host = bare(url.hostname);
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await withTimeout((opts.resolve ?? systemResolver)(host), DNS_TIMEOUT_MS);
    } catch (err) {
      return {
        ok: false,
        code: 'unresolvable',
        reason: `The host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'DNS error'}).`,
      };
    }
    if (!addresses.length) return { ok: false, code: 'unresolvable', reason: `The host ${host} has no addresses.` };
  }
  if (!allowListed) {
    for (const a of addresses) {
      const range = specialRange(a.address);
      if (range) {
        return {
          ok: false,
          code: 'refused_address',
          reason: `The host ${host} resolves to ${a.address}, a ${range} address: webhooks go only to public addresses.`,
        };
      }
    }
  }
  return { ok: true, url, addresses, allowListed };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that answers with the addresses already checked instead of asking
 * DNS again (no gap between check and connect); the host name still goes in Host and TLS SNI.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    const [first] = addresses;
    if (!first) {
      callback(Object.assign(new Error('no checked address'), { code: 'ENOTFOUND' }), '');
      return;
    }
    if (options.all)
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, first.address, first.family);
  };
}
