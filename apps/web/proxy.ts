import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from '@opencma/config';
import { contentSecurityPolicy } from './lib/security-headers';

const settings = loadConfig();
const dev = settings.NODE_ENV === 'development';

/** A fresh CSP nonce for every page request, and the page's CSP (see lib/security-headers.ts). */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(dev, nonce, request.nextUrl.pathname, settings.mapOrigin);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!v1/|_next/static|_next/image|favicon.ico|icon.svg|demo/|landing/).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
