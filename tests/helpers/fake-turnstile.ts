import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Cloudflare's Turnstile siteverify endpoint, speaking its JSON: tokens in
 * `goodTokens` succeed, anything else fails with `invalid-input-response`.
 */
export async function startFakeTurnstile(goodTokens: string[]) {
  const requests: Array<{ secret?: string; response?: string; remoteip?: string }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { secret?: string; response?: string; remoteip?: string };
      requests.push(body);
      const success = !!body.response && goodTokens.includes(body.response);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          success
            ? { success: true, challenge_ts: new Date().toISOString(), hostname: 'localhost', 'error-codes': [] }
            : { success: false, 'error-codes': ['invalid-input-response'] },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
