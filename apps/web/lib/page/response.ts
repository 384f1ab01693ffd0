/** What the routes of the pages without React (landing, report) answer with. */
import type { NextRequest } from 'next/server';
import { pageAssets } from './assets';
import type { PageContext, PageName } from './document';

/**
 * An HTML page that no cache may keep: each carries a per-request CSP nonce, and the agent's texts or
 * the report's state as they are now.
 */
export function htmlResponse(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store, max-age=0', ...headers },
  });
}

/** The request's CSP nonce (set by proxy.ts in `x-nonce`) and the page's built assets. */
export function pageContext(request: NextRequest, page: PageName): PageContext {
  return { nonce: request.headers.get('x-nonce'), assets: pageAssets(page) };
}
