/**
 * A value-update subscription's preferences /home-updates/{token} (issue #19, decision 0035): GET shows
 * them and changes nothing; POST is the page's form (no script): sent to the API as JSON, then a 303
 * back (`?saved=1`), or the page again with what was typed and the errors (400, nothing changed).
 * The token is the capability; unknown tokens get the not-found page on GET (counted like unknown
 * report links), and the API answers a POST for one as it does for a known token.
 */
import type { NextRequest } from 'next/server';
import type { ReportModel } from '@opencma/core';
import { ApiError, getHomeUpdatePreferences, getReport, postJson, type HomeUpdatePreferences } from '../../../lib/api';
import { forwardedRequestHeaders } from '../../../lib/api-proxy';
import { renderPreferencesPage, type PreferencesErrors, type PreferencesValues } from '../../../lib/home-updates/preferences-page';
import { renderNotFoundPage, renderTooManyRequestsPage, renderUnavailablePage } from '../../../lib/landing/status-pages';
import { htmlResponse, pageContext } from '../../../lib/page/response';
import { readOwnForm } from '../../../lib/page/own-form';

type Params = { params: Promise<{ token: string }> };

const FIELDS = ['frequency', 'forget_owed', 'owed', 'price', 'down', 'start', 'rate', 'term'] as const;
const SEND_FAILED = 'Your changes could not be saved just now. Please try again in a minute.';

/** The subscription and its report (for the agent's branding); null when the token is unknown. */
async function load(token: string, forwardedFor: string | null): Promise<{ prefs: HomeUpdatePreferences; report: ReportModel | null } | null> {
  const prefs = await getHomeUpdatePreferences(token, forwardedFor);
  if (!prefs) return null;
  return { prefs, report: await getReport(prefs.reportId, forwardedFor) };
}

function failure(err: unknown, ctx: ReturnType<typeof pageContext>): Response {
  if (err instanceof ApiError && err.status === 429) {
    const retryAfter = err.retryAfter && /^\d{1,6}$/.test(err.retryAfter) ? err.retryAfter : '60';
    return htmlResponse(renderTooManyRequestsPage(ctx), 429, { 'retry-after': retryAfter });
  }
  console.error('preferences page: API unavailable:', err instanceof Error ? err.message : err);
  return htmlResponse(renderUnavailablePage(ctx), 503);
}

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { token } = await params;
  const ctx = pageContext(request, 'report');
  let found: Awaited<ReturnType<typeof load>>;
  try {
    found = await load(token, request.headers.get('x-forwarded-for'));
  } catch (err) {
    return failure(err, ctx);
  }
  if (!found) return htmlResponse(renderNotFoundPage(ctx), 404);
  const saved = request.nextUrl.searchParams.get('saved') === '1';
  return htmlResponse(renderPreferencesPage(token, found.prefs, found.report, ctx, { saved }), 200);
}

export async function POST(request: NextRequest, { params }: Params): Promise<Response> {
  const { token } = await params;
  const ctx = pageContext(request, 'report');
  const form = await readOwnForm(request, 8 * 1024);
  if (form instanceof Response) return form;
  const values: PreferencesValues = Object.fromEntries(
    FIELDS.flatMap((k) => {
      const v = form.get(k)?.trim().slice(0, 32);
      return v ? [[k, v]] : [];
    }),
  );
  const headers = forwardedRequestHeaders(request);
  for (const h of ['content-type', 'x-nonce', 'content-security-policy']) headers.delete(h);
  const forwardedFor = request.headers.get('x-forwarded-for');
  const again = async (errors: PreferencesErrors, status: number) => {
    // the page again needs the subscription: the API down is the unavailable page, not "not found"
    let found: Awaited<ReturnType<typeof load>>;
    try {
      found = await load(token, forwardedFor);
    } catch (err) {
      return failure(err, ctx);
    }
    if (!found) return htmlResponse(renderNotFoundPage(ctx), 404);
    return htmlResponse(renderPreferencesPage(token, found.prefs, found.report, ctx, { values, errors }), status);
  };
  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    const { forget_owed, ...rest } = values;
    answer = await postJson(
      `/v1/home-updates/preferences/${encodeURIComponent(token)}`,
      { ...rest, ...(forget_owed ? { forget_owed: true } : {}) },
      headers,
    );
  } catch (err) {
    console.error('preferences form: API unavailable:', err instanceof Error ? err.message : err);
    return again({ form: SEND_FAILED }, 503);
  }
  if (answer.status === 200)
    return new Response(null, {
      status: 303,
      headers: { location: `/home-updates/${encodeURIComponent(token)}?saved=1`, 'cache-control': 'no-store' },
    });
  if (answer.status === 429) return failure(new ApiError(429, 'limited', answer.retryAfter), ctx);
  if (answer.status === 400) {
    const fields = (answer.body as { error?: { fields?: Record<string, string> } } | null)?.error?.fields ?? {};
    const errors: PreferencesErrors = Object.keys(fields).length ? fields : { form: 'Please check the form and try again.' };
    return again(errors, 400);
  }
  return again({ form: SEND_FAILED }, 503);
}
