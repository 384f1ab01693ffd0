/**
 * The consumer landing page /cma/{agent_code}: a complete server-rendered HTML document, not a React
 * page, so the browser loads only our small form script instead of React DOM and the Next runtime
 * (decision 0006). The CSP nonce comes from proxy.ts in the `x-nonce` request header.
 */
import type { NextRequest } from 'next/server';
import { getLandingPage, type LandingPage } from '../../../lib/api';
import { landingFormConfig } from '../../../lib/landing-config';
import { landingAssets } from '../../../lib/landing/assets';
import { renderLandingPage } from '../../../lib/landing/landing-page';
import { renderNotFoundPage, renderUnavailablePage } from '../../../lib/landing/status-pages';

function htmlResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // per-request nonce and the agent's current texts: never stored by a cache
      'cache-control': 'no-store, max-age=0',
    },
  });
}

export async function GET(request: NextRequest, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await params;
  const ctx = { nonce: request.headers.get('x-nonce'), assets: landingAssets() };
  let page: LandingPage | null;
  try {
    page = await getLandingPage(code);
  } catch (err) {
    console.error('landing page: API unavailable:', err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  if (!page) return htmlResponse(renderNotFoundPage(ctx), 404);
  return htmlResponse(renderLandingPage(page, landingFormConfig(), ctx), 200);
}
