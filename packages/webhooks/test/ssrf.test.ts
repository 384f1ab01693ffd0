import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, specialRange, type Resolver } from '../src/ssrf';

/** DNS as the tests want it: each name to the given addresses; anything else does not exist. */
const dns =
  (names: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };

const refused: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.168.1.10', 'private'],
  ['169.254.169.254', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['0.0.0.0', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'linkLocal'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456::1', 'uniqueLocal'],
  ['ff02::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'linkLocal'],
  ['::ffff:7f00:1', 'loopback'],
];

describe('specialRange', () => {
  it.each(refused)('%s is %s', (address, range) => {
    expect(specialRange(address)).toBe(range);
  });
  it.each(['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(specialRange(address)).toBeNull();
  });
  it('refuses the IPv6 forms that carry an IPv4 address inside (NAT64, 6to4)', () => {
    expect(specialRange('64:ff9b::a00:1')).not.toBeNull();
    expect(specialRange('2002:a00:1::1')).not.toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  const none: string[] = [];
  const publicDns = dns({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });

  it('accepts an https URL whose every address is public', async () => {
    const c = await checkWebhookUrl('https://hooks.example.com/opencma?x=1', { allowedHosts: none, resolve: publicDns });
    expect(c).toMatchObject({ ok: true, allowListed: false });
    if (c.ok) expect(c.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  });

  it.each(refused.map(([a]) => a))('refuses the literal address %s in the URL', async (address) => {
    const host = address.includes(':') ? `[${address}]` : address;
    const c = await checkWebhookUrl(`https://${host}/hook`, { allowedHosts: none, resolve: publicDns });
    expect(c).toMatchObject({ ok: false, code: 'refused_address' });
  });

  it.each(refused.map(([a]) => a))('refuses a DNS name resolving to %s', async (address) => {
    const c = await checkWebhookUrl('https://evil.example.net/hook', { allowedHosts: none, resolve: dns({ 'evil.example.net': [address] }) });
    expect(c).toMatchObject({ ok: false, code: 'refused_address' });
    if (!c.ok) expect(c.reason).toContain(address.replace(/^::ffff:/, ''));
  });

  it('refuses a name when any one of its addresses is private (not just the first)', async () => {
    const c = await checkWebhookUrl('https://mixed.example.net/', {
      allowedHosts: none,
      resolve: dns({ 'mixed.example.net': ['93.184.216.34', '10.0.0.5'] }),
    });
    expect(c).toMatchObject({ ok: false, code: 'refused_address' });
  });

  it('refuses localhost through the system resolver', async () => {
    const c = await checkWebhookUrl('https://localhost:8443/hook', { allowedHosts: none });
    expect(c).toMatchObject({ ok: false, code: 'refused_address' });
  });

  it('refuses obfuscated loopback spellings (the URL parser normalizes them first)', async () => {
    for (const url of ['https://0x7f000001/', 'https://2130706433/', 'https://0177.0.0.1/', 'https://127.1/']) {
      expect(await checkWebhookUrl(url, { allowedHosts: none, resolve: publicDns })).toMatchObject({ ok: false, code: 'refused_address' });
    }
  });

  it('refuses http, other schemes, credentials and garbage with a clear reason', async () => {
    expect(await checkWebhookUrl('http://hooks.example.com/', { allowedHosts: none, resolve: publicDns })).toMatchObject({
      ok: false,
      code: 'invalid_url',
      reason: 'The URL must use https://.',
    });
    for (const url of ['ftp://hooks.example.com/', 'https://user:pw@hooks.example.com/', 'not a url', 'file:///etc/passwd']) {
      expect(await checkWebhookUrl(url, { allowedHosts: none, resolve: publicDns })).toMatchObject({ ok: false, code: 'invalid_url' });
    }
  });

  it('says when the host does not resolve', async () => {
    expect(await checkWebhookUrl('https://nowhere.example.org/', { allowedHosts: none, resolve: publicDns })).toMatchObject({
      ok: false,
      code: 'unresolvable',
    });
  });

  it('lets allow-listed hosts use http and private addresses (operator opt-in for local testing)', async () => {
    const allowed = ['127.0.0.1', 'hooks.internal', '[::1]'];
    expect(await checkWebhookUrl('http://127.0.0.1:9000/hook', { allowedHosts: allowed })).toMatchObject({ ok: true, allowListed: true });
    expect(await checkWebhookUrl('http://[::1]:9000/hook', { allowedHosts: allowed })).toMatchObject({ ok: true, allowListed: true });
    expect(
      await checkWebhookUrl('https://HOOKS.internal/x', { allowedHosts: allowed, resolve: dns({ 'hooks.internal': ['10.0.0.7'] }) }),
    ).toMatchObject({ ok: true, allowListed: true });
    // only the listed host: a neighbour is still refused
    expect(await checkWebhookUrl('http://127.0.0.2:9000/hook', { allowedHosts: allowed })).toMatchObject({ ok: false });
  });
});
