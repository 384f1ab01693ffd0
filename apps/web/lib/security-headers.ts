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
 * The public pages rendered without React (decisions 0006, 0007): the landing page /cma/{agent_code}
 * and the report /r/{id}. All their CSS is in one <style> with the request's nonce (computed values
 * such as brand colours and chart sizes are rules there, not style attributes), so their CSP allows
 * no inline style (decision 0017).
 */
export function hasNonceOnlyStyles(pathname: string): boolean {
  // also the report's value history and the value-updates preferences page (issue #19), in the report's look
  return /^\/(?:cma|r|home-updates)\/[^/]+$/.test(pathname) || /^\/r\/[^/]+\/history$/.test(pathname);
}

/** The report page /r/{id}, the only page that may show the street map. */
function isReportPage(pathname: string): boolean {
  return /^\/r\/[^/]+$/.test(pathname);
}

/**
 * CSP for the page at `pathname`. proxy.ts calls this per request with a fresh nonce: Next puts the
 * nonce on its own scripts, and 'strict-dynamic' lets those load their chunks; no other script runs.
 */
export function contentSecurityPolicy(dev: boolean, nonce: string, pathname: string, mapOrigin: string | null = null): string {
  // The report's street map (MAP_STYLE_URL, decision 0031): MapLibre fetches the style, tiles, sprites
  // and glyphs from the style's origin alone, and parses tiles in its worker, a same-origin file (/landing/).
  const map = mapOrigin && isReportPage(pathname) ? mapOrigin : null;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // The landing page and the report: their nonce'd <style> only. The React pages (home, errors, dev
    // and agent pages) keep inline styles: Next's inlined stylesheet (experimental.inlineCss) carries no nonce.
    hasNonceOnlyStyles(pathname) ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self' 'unsafe-inline'",
    // agent photos and logos: https anywhere, or localhost for the demo
    `img-src 'self' data: blob: https: http://localhost:* http://127.0.0.1:*${map ? ` ${map}` : ''}`,
    "font-src 'self'",
    `connect-src 'self'${map ? ` ${map}` : ''}`,
    ...(map ? ["worker-src 'self'"] : []),
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

/** HSTS: a year, subdomains included (not preloaded: that is the operator's choice for the whole domain). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The Strict-Transport-Security header for a request, or null when it did not come over https. Https:
 * PUBLIC_BASE_URL is https (the public origin is), or X-Forwarded-Proto says so — server/main.ts has
 * already dropped that header unless a trusted proxy sent it (lib/client-address.ts). Browsers ignore
 * HSTS on plain http, so sending it whenever the public origin is https is safe.
 */
export function strictTransportSecurity(publicBaseUrl: string, forwardedProto: string | string[] | undefined): string | null {
  if (publicBaseUrl.startsWith('https://')) return HSTS;
  // the client-facing hop is the first value of a comma-separated list
  const first = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' ? HSTS : null;
}

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
      // A report link is a capability: never cached, indexed or leaked through the Referer header to
      // another site. Same-origin, not no-referrer: the report's value-updates forms post to the page
      // itself, and under no-referrer the browser sends `Origin: null` with them, which the CSRF check
      // (lib/page/same-origin.ts) must refuse. The pages link to other sites only without a referrer.
      source: '/r/:path*',
      headers: [
        { key: 'Referrer-Policy', value: 'same-origin' },
        { key: 'Cache-Control', value: 'no-store, max-age=0' },
        { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
      ],
    },
    {
      // a value-update subscription's preferences: its token is a capability too (issue #19). Same-origin,
      // not no-referrer: under no-referrer the browser sends `Origin: null` with the page's own form post,
      // which the CSRF check (lib/page/same-origin.ts) must refuse; no other site ever sees the address.
      source: '/home-updates/:path*',
      headers: [
        { key: 'Referrer-Policy', value: 'same-origin' },
        { key: 'Cache-Control', value: 'no-store, max-age=0' },
        { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
      ],
    },
  ];
}
