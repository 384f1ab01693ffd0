import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustedProxies } from '../src';
import { apiProxyTrust, clientAddress, proxyTrust } from '../src/proxy-trust';

describe('TRUSTED_PROXIES', () => {
  it.each([
    ['', { addresses: [] }],
    ['2', { hops: 2 }],
    ['loopback', { addresses: ['loopback'] }],
    [' 10.0.0.0/8, 2606:4700::/32 ,192.0.2.7', { addresses: ['10.0.0.0/8', '2606:4700::/32', '192.0.2.7'] }],
  ])('parses %j', (value, parsed) => expect(parseTrustedProxies(value)).toEqual(parsed));

  it.each(['10.0.0.0/33', 'proxy.example.com', '10.0.0.1/', '1.2.3', '-1'])('refuses %j at start with a readable message', (value) => {
    expect(() => loadConfig({ TRUSTED_PROXIES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES: not an address/);
  });
});

describe('the client address under a trust model', () => {
  const none = proxyTrust({ addresses: [] });
  const lb = proxyTrust({ addresses: ['10.0.0.0/8'] });
  const oneHop = proxyTrust({ hops: 1 });

  it('is the socket address when the peer is not trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.9', '203.0.113.1', none)).toBe('198.51.100.9');
    expect(clientAddress('198.51.100.9', '203.0.113.1', lb)).toBe('198.51.100.9');
    expect(clientAddress('::ffff:198.51.100.9', undefined, none)).toBe('198.51.100.9');
  });

  it("walks a trusted proxy's chain only as far as it is trusted", () => {
    expect(clientAddress('10.1.2.3', '203.0.113.1', lb)).toBe('203.0.113.1');
    // the client forged the left entry; the proxy appended what it saw
    expect(clientAddress('10.1.2.3', '6.6.6.6, 203.0.113.1', lb)).toBe('203.0.113.1');
    // two proxies of ours
    expect(clientAddress('10.1.2.3', '203.0.113.1, 10.4.5.6', lb)).toBe('203.0.113.1');
    expect(clientAddress('192.0.2.1', '6.6.6.6, 203.0.113.1', oneHop)).toBe('203.0.113.1');
  });

  it('stops at a forwarded entry that is not an address', () => {
    expect(clientAddress('10.1.2.3', 'evil', lb)).toBe('10.1.2.3');
    expect(clientAddress('10.1.2.3', '<script>, 10.4.5.6', lb)).toBe('10.4.5.6');
  });

  it('the API trusts loopback (the web app beside it) as well as TRUSTED_PROXIES', () => {
    const api = apiProxyTrust({ addresses: [] });
    expect(clientAddress('127.0.0.1', '203.0.113.1', api)).toBe('203.0.113.1');
    expect(clientAddress('::1', '203.0.113.1', api)).toBe('203.0.113.1');
    expect(clientAddress('198.51.100.9', '203.0.113.1', api)).toBe('198.51.100.9');
    expect(clientAddress('10.1.2.3', '203.0.113.1', apiProxyTrust({ addresses: ['10.0.0.0/8'] }))).toBe('203.0.113.1');
  });
});
