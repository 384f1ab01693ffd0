/**
 * The consumer landing page /cma/{agent_code}: a complete server-rendered HTML document, not a React
 * page, so the browser loads only our small form script instead of React DOM and the Next runtime
 * (decision 0006). The CSP nonce comes from proxy.ts in the `x-nonce` request header.
 *
 * GET renders the page. POST is the form sent without JavaScript (the script, when it runs, sends
 * the same fields as JSON to /v1/consumer-reports itself): the same checks and the same request to
 * the API as the script, then a 303 to the report, or the page again with what was typed and the errors.
 */
import type { NextRequest } from 'next/server';
import { getLandingPage, postJson, type LandingPage } from '../../../lib/api';
import { forwardedRequestHeaders } from '../../../lib/api-proxy';
import { factProblems } from '../../../lib/facts';
import { landingFormConfig } from '../../../lib/landing-config';
import { renderLandingPage } from '../../../lib/landing/landing-page';
import { renderNotFoundPage, renderUnavailablePage } from '../../../lib/landing/status-pages';
import { htmlResponse, pageContext } from '../../../lib/page/response';
import { readOwnForm } from '../../../lib/page/own-form';
import { requestHost } from '../../../lib/page/same-origin';
import {
  acceptedReportId,
  errorsFromResponse,
  leadFormValues,
  leadInputFromForm,
  leadProblems,
  leadRequestBody,
  SEND_FAILED,
  TURNSTILE_NEEDS_SCRIPT,
  type FormErrors,
  type LeadResponseBody,
} from '../../../lib/lead-submit';
import { phoneProblem } from '../../../lib/phone';
import { loadPhoneLib, phoneProblemWith } from '../../../lib/phone-input';

type Params = { params: Promise<{ code: string }> };

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { code } = await params;
  const ctx = pageContext(request, 'landing');
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

/** The page's address as the browser had it (sent as the referer; X-Forwarded-* only count from a trusted proxy, see lib/client-address.ts). */
function pageUrl(request: NextRequest): string {
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(':', '');
  return `${proto}://${requestHost(request) ?? url.host}${url.pathname}${url.search}`;
}

export async function POST(request: NextRequest, { params }: Params): Promise<Response> {
  const { code } = await params;
  const ctx = pageContext(request, 'landing');
  const posted = await readOwnForm(request);
  if (posted instanceof Response) return posted;
  const values = leadFormValues(posted);

  let page: LandingPage | null;
  try {
    page = await getLandingPage(code);
  } catch (err) {
    console.error('landing form: API unavailable:', err instanceof Error ? err.message : err);
    return htmlResponse(renderUnavailablePage(ctx, values), 503);
  }
  if (!page) return htmlResponse(renderNotFoundPage(ctx), 404);
  const landing = page;
  const form = landingFormConfig();
  const again = (errors: FormErrors, status: number, headers: Record<string, string> = {}) =>
    htmlResponse(renderLandingPage(landing, form, ctx, { values, errors }), status, headers);

  // the script's checks, with the same phone library and metadata (lib/lead-submit.ts leadProblems)
  const phoneLib = await loadPhoneLib(form.phoneMetadata).catch(() => null);
  const problems = leadProblems({
    phoneProblem: phoneLib ? phoneProblemWith(phoneLib, values.phone, form.allowedCountries) : phoneProblem(values.phone),
    address: values.address,
    factProblems: values.facts ? factProblems(values.facts.typed) : {},
    consent: values.consent,
    turnstileProblem: form.turnstileSiteKey && !values.turnstileToken ? TURNSTILE_NEEDS_SCRIPT : null,
  });
  if (Object.keys(problems).length) return again(problems, 400);

  const url = pageUrl(request);
  // the consent record is the API's: it renders the posted disclosure version and names the agent's page itself
  const body = leadRequestBody(leadInputFromForm(values, { agentCode: landing.agent.agentCode }));
  // as the browser's own request through /v1 would carry them (client address, user agent), with the page as referer
  const headers = forwardedRequestHeaders(request);
  for (const h of ['content-type', 'x-nonce', 'content-security-policy']) headers.delete(h);
  headers.set('referer', url);

  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    answer = await postJson('/v1/consumer-reports', body, headers);
  } catch (err) {
    console.error('landing form: API unavailable:', err instanceof Error ? err.message : err);
    return again({ form: SEND_FAILED }, 503);
  }
  const result = answer.body as LeadResponseBody | null;
  const reportId = acceptedReportId(answer.status, result);
  if (reportId) return new Response(null, { status: 303, headers: { location: `/r/${encodeURIComponent(reportId)}`, 'cache-control': 'no-store' } });
  const retry: Record<string, string> = answer.retryAfter ? { 'retry-after': answer.retryAfter } : {};
  if (answer.status === 404) return htmlResponse(renderNotFoundPage(ctx), 404);
  if (answer.status === 429) return again(errorsFromResponse(429, result), 429, retry);
  if (answer.status >= 500 || answer.status < 400) return again({ form: SEND_FAILED }, 503, retry);
  return again(errorsFromResponse(answer.status, result), 400);
}
