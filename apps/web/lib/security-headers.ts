/**
 * HTTP security headers for every page, applied by next.config.ts. Kept as plain data so a test
 * can check them without starting Next.
 */
type Header = { key: string; value: string };
export interface HeaderRule {
  source: string;
  headers: Header[];
}

/**
 * CSP for pages. proxy.ts calls this per request with a fresh nonce: Next puts the nonce on its own
 * scripts, and 'strict-dynamic' lets those load their chunks; no other script runs.
 */
export function contentSecurityPolicy(dev: boolean, nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline styles stay allowed: the React pages' inlined stylesheet (experimental.inlineCss) carries
    // no nonce, and the report's brand colours and chart sizes are style attributes. Styles cannot run
    // code. (The landing page and the report put the nonce on their <style>.)
    "style-src 'self' 'unsafe-inline'",
    // agent photos and logos: https anywhere, or localhost for the demo
    "img-src 'self' data: blob: https: http://localhost:* http://127.0.0.1:*",
    "font-src 'self'",
    "connect-src 'self'",
    // Cloudflare Turnstile's challenge frame (only rendered when TURNSTILE_SITE_KEY is set)
    'frame-src https://challenges.cloudflare.com',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For responses that are not pages (API JSON, PDFs, static files): nothing may run or embed them. */
export const NON_PAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/** Headers next.config.ts adds to every response (the page CSP comes from proxy.ts). */
export function securityHeaders(): HeaderRule[] {
  return [
    {
      source: '/:path*',
      headers: [
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
      ],
    },
    { source: '/v1/:path*', headers: [{ key: 'Content-Security-Policy', value: NON_PAGE_CSP }] },
    {
      // the landing page's and the report's scripts and chunks (scripts/build-pages.ts): content-hashed names, never change
      source: '/landing/:file*',
      headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
    },
    {
      // A report link is a capability: never cached, indexed or leaked through the Referer header.
      source: '/r/:path*',
      headers: [
        { key: 'Referrer-Policy', value: 'no-referrer' },
        { key: 'Cache-Control', value: 'no-store, max-age=0' },
        { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
      ],
    },
  ];
}
