import type { NextRequest } from 'next/server';

/** The host the browser addressed: a proxy in front names it in X-Forwarded-Host (first of a list). */
export function requestHost(request: NextRequest): string | null {
  return request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
}

/**
 * CSRF for the forms that post to their own page (the landing page, the value-updates preferences):
 * the browser's Origin names this host. A form on another site aimed at this one would act in the
 * visitor's name from their address: browsers always send Origin on such a cross-site POST, and a
 * page cannot forge it, so a post whose Origin is another host (or "null", from a sandboxed or
 * privacy-hidden context) is refused. A post without Origin did not come from another site's page in
 * a browser that would send it (curl, old browsers); the API checks those like any other request. No
 * token is needed: there is no session or cookie whose authority a forged post could borrow.
 */
export function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    const host = new URL(origin).host;
    return host === requestHost(request) || host === request.headers.get('host');
  } catch {
    return false;
  }
}
