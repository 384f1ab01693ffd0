/**
 * The consumer's report /r/{id}: a complete server-rendered HTML document, not a React page, so a
 * phone opening the link from a text loads only our small script instead of React DOM and the Next
 * runtime (decision 0007, as the landing page in 0006). The CSP nonce comes from proxy.ts in the
 * `x-nonce` request header; next.config.ts adds the report's private headers (no-referrer, noindex).
 */
import type { NextRequest } from 'next/server';
import { loadConfig } from '@opencma/config';
import { ApiError, getReport } from '../../../lib/api';
import { renderNotFoundPage, renderTooManyRequestsPage, renderUnavailablePage } from '../../../lib/landing/status-pages';
import { streetMapAssets } from '../../../lib/page/assets';
import { htmlResponse, pageContext } from '../../../lib/page/response';
import { EQUITY_FIELDS } from '../../../lib/report/equity-calc';
import { renderReportPage } from '../../../lib/report/report-page';

type Params = { params: Promise<{ id: string }> };

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { id } = await params;
  const ctx = pageContext(request, 'report');
  let report: Awaited<ReturnType<typeof getReport>>;
  try {
    // the client address server/main.ts settled: the API's unknown-id limit counts the visitor (decision 0017)
    report = await getReport(id, request.headers.get('x-forwarded-for'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) {
      const retryAfter = err.retryAfter && /^\d{1,6}$/.test(err.retryAfter) ? err.retryAfter : '60';
      return htmlResponse(renderTooManyRequestsPage(ctx), 429, { 'retry-after': retryAfter });
    }
    console.error('report page: API unavailable:', err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  if (!report) return htmlResponse(renderNotFoundPage(ctx), 404);
  // the agent's workspace links here with ?via=agent: their looks never count as the homeowner's engagement
  const query = request.nextUrl.searchParams;
  const agentView = query.get('via') === 'agent';
  // the equity calculator's GET form (works without JavaScript); only its own fields, each bounded
  const equityQuery = Object.fromEntries(
    ['calc', ...EQUITY_FIELDS].flatMap((k) => {
      const v = query.get(k);
      return v === null ? [] : [[k, v.slice(0, 32)]];
    }),
  );
  // a street map only when a tile source is configured (MAP_STYLE_URL; proxy.ts opens the CSP to its origin)
  const styleUrl = loadConfig().MAP_STYLE_URL;
  const map = styleUrl ? { styleUrl, assets: streetMapAssets() } : undefined;
  const subscribed = query.get('subscribed') === '1';
  return htmlResponse(renderReportPage(report, ctx, { agentView, equityQuery, map, subscribed }), 200);
}
