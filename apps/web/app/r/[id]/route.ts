/**
 * The consumer's report /r/{id}: a complete server-rendered HTML document, not a React page, so a
 * phone opening the link from a text loads only our small script instead of React DOM and the Next
 * runtime (decision 0007, as the landing page in 0006). The CSP nonce comes from proxy.ts in the
 * `x-nonce` request header; next.config.ts adds the report's private headers (same-origin referrer, noindex).
 *
 * POST is the page's value-updates forms (e-mail, or texts; lib/report/updates-section.ts), with or
 * without JavaScript: sent to the API as JSON with the homeowner's forwarded headers (the consent record
 * keeps their address and user agent), then a 303 back (`?subscribed=1#updates`), or the page again with
 * what was typed and the errors (400; 409 for a number that replied STOP) — the API stored nothing then.
 */
import type { NextRequest } from 'next/server';
import type { ReportModel } from '@opencma/core';
import { loadConfig } from '@opencma/config';
import { ApiError, getReport, postJson } from '../../../lib/api';
import { forwardedRequestHeaders } from '../../../lib/api-proxy';
import { renderNotFoundPage, renderTooManyRequestsPage, renderUnavailablePage } from '../../../lib/landing/status-pages';
import { streetMapAssets } from '../../../lib/page/assets';
import { htmlResponse, pageContext } from '../../../lib/page/response';
import { readOwnForm } from '../../../lib/page/own-form';
import { EQUITY_FIELDS } from '../../../lib/report/equity-calc';
import { renderReportPage } from '../../../lib/report/report-page';
import { readUpdatesForm, UPDATES_FORM_MAX_BYTES, updatesErrors } from '../../../lib/report/updates-submit';

type Params = { params: Promise<{ id: string }> };

/** The API limits this client (429): the too-many-requests page, with the API's Retry-After when it is sane. */
function tooManyRequests(ctx: ReturnType<typeof pageContext>, retryAfter: string | null, form = false): Response {
  const seconds = retryAfter && /^\d{1,6}$/.test(retryAfter) ? retryAfter : '60';
  const minutes = Math.max(1, Math.ceil(Number(seconds) / 60));
  // the form's limit counts sign-ups an hour from one address; the page's, unknown links a minute
  const message = form
    ? `We received too many sign-ups from your network. Please try again in ${minutes === 1 ? 'a minute' : `about ${minutes} minutes`}.`
    : undefined;
  return htmlResponse(renderTooManyRequestsPage(ctx, message), 429, { 'retry-after': seconds });
}

/** A street map only when a tile source is configured (MAP_STYLE_URL; proxy.ts opens the CSP to its origin). */
function mapOptions() {
  const styleUrl = loadConfig().MAP_STYLE_URL;
  return styleUrl ? { styleUrl, assets: streetMapAssets() } : undefined;
}

/** The report, or the page to answer instead: not found (404), too many requests (429), API unavailable (503). */
async function loadReport(id: string, request: NextRequest, ctx: ReturnType<typeof pageContext>, what: string): Promise<ReportModel | Response> {
  let report: Awaited<ReturnType<typeof getReport>>;
  try {
    // the client address server/main.ts settled: the API's unknown-id limit counts the visitor (decision 0017)
    report = await getReport(id, request.headers.get('x-forwarded-for'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) return tooManyRequests(ctx, err.retryAfter);
    console.error(`${what}: API unavailable:`, err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  return report ?? htmlResponse(renderNotFoundPage(ctx), 404);
}

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { id } = await params;
  const ctx = pageContext(request, 'report');
  const report = await loadReport(id, request, ctx, 'report page');
  if (report instanceof Response) return report;
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
  const subscribed = query.get('subscribed') === '1';
  return htmlResponse(renderReportPage(report, ctx, { agentView, equityQuery, map: mapOptions(), subscribed }), 200);
}

export async function POST(request: NextRequest, { params }: Params): Promise<Response> {
  const { id } = await params;
  const ctx = pageContext(request, 'report');
  const form = await readOwnForm(request, UPDATES_FORM_MAX_BYTES);
  if (form instanceof Response) return form;
  const submitted = readUpdatesForm(form);

  // as the browser's own post to /v1 carried them: the client address server/main.ts settled
  // (X-Forwarded-For, which the API trusts from us) and the user agent, for its limits and the consent
  // record; not the page's address (the report link is a capability) nor what proxy.ts added
  const headers = forwardedRequestHeaders(request);
  for (const h of ['content-type', 'x-nonce', 'content-security-policy', 'referer']) headers.delete(h);
  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    answer = await postJson(`/v1/consumer-reports/${encodeURIComponent(id)}/subscriptions`, submitted.body, headers);
  } catch (err) {
    console.error('value-updates form: API unavailable:', err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  if (answer.status === 201)
    return new Response(null, {
      status: 303,
      headers: { location: `/r/${encodeURIComponent(id)}?subscribed=1#updates`, 'cache-control': 'no-store' },
    });
  if (answer.status === 404) return htmlResponse(renderNotFoundPage(ctx), 404);
  if (answer.status === 429) return tooManyRequests(ctx, answer.retryAfter, true);
  if (answer.status < 400 || answer.status >= 500) {
    console.error(`value-updates form: API answered ${answer.status}`);
    return htmlResponse(renderUnavailablePage(ctx), 503);
  }
  // refused (400, or 409: the number replied STOP): nothing was stored; the page again, as the GET shows it
  const updates = { channel: submitted.channel, values: submitted.values, errors: updatesErrors(submitted.channel, answer) };
  const report = await loadReport(id, request, ctx, 'value-updates form');
  if (report instanceof Response) return report;
  return htmlResponse(renderReportPage(report, ctx, { map: mapOptions(), updates }), answer.status);
}
