/**
 * The home's value history /r/{id}/history (issue #19): every valuation with its date, linked from each
 * update e-mail. Server-rendered without React or script, like the report (decision 0007); the same
 * capability (the report id), the same unknown-id limit, noindex and no-referrer (next.config.ts).
 */
import type { NextRequest } from 'next/server';
import { ApiError, getReport, getReportHistory } from '../../../../lib/api';
import { renderNotFoundPage, renderTooManyRequestsPage, renderUnavailablePage } from '../../../../lib/landing/status-pages';
import { htmlResponse, pageContext } from '../../../../lib/page/response';
import { renderHistoryPage } from '../../../../lib/report/history-page';

type Params = { params: Promise<{ id: string }> };

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { id } = await params;
  const ctx = pageContext(request, 'report');
  const forwardedFor = request.headers.get('x-forwarded-for');
  let found: [Awaited<ReturnType<typeof getReport>>, Awaited<ReturnType<typeof getReportHistory>>];
  try {
    found = await Promise.all([getReport(id, forwardedFor), getReportHistory(id, forwardedFor)]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) {
      const retryAfter = err.retryAfter && /^\d{1,6}$/.test(err.retryAfter) ? err.retryAfter : '60';
      return htmlResponse(renderTooManyRequestsPage(ctx), 429, { 'retry-after': retryAfter });
    }
    console.error('history page: API unavailable:', err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  const [report, history] = found;
  if (!report || !history || report.status !== 'completed') return htmlResponse(renderNotFoundPage(ctx), 404);
  return htmlResponse(renderHistoryPage(report, history, ctx), 200);
}
