/**
 * Server-side access to the OpenCMA HTTP API. Only server code (server components, route handlers)
 * imports this: the base URL comes from @opencma/config, the one place that reads the environment.
 */
import { cache } from 'react';
import { loadConfig } from '@opencma/config';
import type { OwedOnFile, ReportModel } from '@opencma/core';
import type { ReportHistory } from './report/history-page';

export interface LandingPage {
  agent: {
    name: string;
    photoUrl: string | null;
    agentCode: string;
    headline: string;
    subheadline: string;
    ctaText: string;
    phone: string | null;
    email: string | null;
  };
  account: {
    name: string | null;
    logoUrl: string | null;
    primaryColor: string | null;
    secondaryColor: string | null;
    brandingEnabled: boolean;
  };
  /** Licence numbers and the Equal Housing Opportunity statement (decision 0026). */
  compliance: {
    licenseNumber: string | null;
    brokerageLicenseNumber: string | null;
    equalHousingOpportunity: boolean;
  };
}

let base: string | undefined;
function apiUrl(path: string): string {
  base ??= loadConfig().apiUrl;
  return `${base}${path}`;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The API's Retry-After (seconds) on a 429 or 503, when it sent one. */
    readonly retryAfter: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * GET a JSON resource; null when it does not exist (404, or 400: the API rejects a malformed code
 * or id, which for a visitor is the same as an unknown link); ApiError on anything else not 2xx.
 * `forwardedFor`: the client address the web server settled (X-Forwarded-For, server/main.ts), so
 * the API's per-IP limits count the visitor rather than the web app (decision 0017).
 */
async function getJson<T>(path: string, forwardedFor: string | null = null): Promise<T | null> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(apiUrl(path), { cache: 'no-store', headers, signal: AbortSignal.timeout(10_000) });
  if (res.status === 404 || res.status === 400) return null;
  // the message is logged: a report id (a capability) is not named in it
  if (!res.ok)
    throw new ApiError(
      res.status,
      `API ${path.split('?')[0]!.replace(/(consumer-reports\/)[^/]+/, '$1{id}')} answered ${res.status}`,
      res.headers.get('retry-after'),
    );
  return (await res.json()) as T;
}

/** Codes and ids are URL path segments we never pass through unvalidated. */
const SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

export const getLandingPage = cache(async (code: string): Promise<LandingPage | null> => {
  if (!SEGMENT.test(code)) return null;
  return getJson<LandingPage>(`/v1/agents/${encodeURIComponent(code)}/landing-page`);
});

/** A report for the visitor at `forwardedFor` (the settled X-Forwarded-For); ApiError 429 when the API limits that client. */
export const getReport = cache(async (id: string, forwardedFor: string | null): Promise<ReportModel | null> => {
  if (!SEGMENT.test(id)) return null;
  return getJson<ReportModel>(`/v1/consumer-reports/${encodeURIComponent(id)}`, forwardedFor);
});

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body, or null when there is none (or it is not JSON). */
  body: unknown;
  retryAfter: string | null;
}

/**
 * POST a JSON body on the browser's behalf (`headers` from lib/api-proxy.ts forwardedRequestHeaders,
 * so the API sees the consumer's address and user agent, not ours). Any status is an answer; throws
 * only when the API cannot be reached or does not answer in time.
 */
export async function postJson(path: string, body: unknown, headers: Headers): Promise<ApiAnswer> {
  const h = new Headers(headers);
  h.set('content-type', 'application/json');
  h.set('accept', 'application/json');
  const res = await fetch(apiUrl(path), {
    method: 'POST',
    headers: h,
    body: JSON.stringify(body),
    cache: 'no-store',
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json().catch(() => null), retryAfter: res.headers.get('retry-after') };
}

/** A completed report's value history (the first report and each sent update); null when unknown or not completed. */
export const getReportHistory = cache(async (id: string, forwardedFor: string | null): Promise<ReportHistory | null> => {
  if (!SEGMENT.test(id)) return null;
  return getJson<ReportHistory>(`/v1/consumer-reports/${encodeURIComponent(id)}/history`, forwardedFor);
});

/** What a value-update subscription's page shows (by its token); null when the token is unknown. */
export interface HomeUpdatePreferences {
  status: 'active' | 'unsubscribed';
  frequency: 'monthly' | 'quarterly';
  address: string;
  reportId: string;
  owed: OwedOnFile | null;
}

export const getHomeUpdatePreferences = cache(async (token: string, forwardedFor: string | null): Promise<HomeUpdatePreferences | null> => {
  if (!SEGMENT.test(token)) return null;
  return getJson<HomeUpdatePreferences>(`/v1/home-updates/preferences/${encodeURIComponent(token)}`, forwardedFor);
});
