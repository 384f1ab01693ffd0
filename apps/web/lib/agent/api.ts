/**
 * The agent pages' server-side calls to the API: the browser's cookie (the agent's session) and who
 * sent the request go along, so the API decides what the agent may see; the page never filters.
 */
import { loadConfig } from '@opencma/config';
import { forwardedRequestHeaders } from '../api-proxy';

export interface AgentProfile {
  id: string;
  name: string;
  role: 'agent' | 'account_admin';
  agent_code: string;
  phone: string | null;
  email: string | null;
  photo_url: string | null;
  landing_page_url: string;
  account: { id: string; name: string } | null;
  /** The brokerage their marketing names; null: none set (every workspace page warns, decision 0026). */
  brokerage: string | null;
}

export interface AgentSession {
  agent: AgentProfile;
  csrf_token: string;
}

export interface LeadActivity {
  views: number;
  sessions: number;
  last_viewed_at: string | null;
  device_types: string[];
  pdf_downloads: number;
  shares: number;
  contact_taps: number;
  /** When the homeowner asked for an exact price from the report page; null: not yet. */
  cma_requested_at: string | null;
  max_duration_ms: number | null;
  sections_viewed: string[];
}

export interface LeadSummary {
  id: string;
  report_url: string;
  agent_id: string;
  agent_name: string;
  property_address: string;
  consumer_phone: string;
  status: string;
  lead_status: string;
  created_at: string;
  completed_at: string | null;
  estimate: { value: number; low: number | null; high: number | null; confidence: string | null } | null;
  pdf_status: string;
  needs_personal_valuation: boolean;
  activity: LeadActivity;
  hot: boolean;
  /** When the homeowner crossed the "likely to sell" threshold (decision 0029); null: not yet. */
  likely_to_sell_at: string | null;
}

export interface LeadDetail extends LeadSummary {
  failure_reason: string | null;
  failure_code: string | null;
  consent: { text: string; text_sha256: string; at: string; ip: string | null; user_agent: string | null; page_url: string | null };
  lead_status_at: string | null;
  events: {
    type: string;
    at: string;
    session_id: string | null;
    device_type: string | null;
    browser: string | null;
    os: string | null;
    referrer: string | null;
    duration_ms: number | null;
    detail: Record<string, string | number | boolean | null> | null;
  }[];
  texts: {
    recipient_role: string;
    status: string;
    error_code: string | null;
    error_message: string | null;
    created_at: string;
    sent_at: string | null;
    digest?: { status: string; sent_at: string | null } | null;
  }[];
  notes: { id: string; body: string; author_name: string; created_at: string }[];
  /** The homeowner's value updates, oldest first: delivery, opens and clicks (decision 0036). */
  updates: LeadHomeUpdate[];
  /** E-mails, webhooks and CRM pushes about the lead (oldest first). */
  deliveries: {
    id: string;
    event_type: string;
    channel: 'email' | 'webhook' | 'fub';
    destination: string;
    status: string;
    attempts: number;
    response_status: number | null;
    last_error: string | null;
    next_attempt_at: string | null;
    sent_at: string | null;
    created_at: string;
    updated_at: string;
  }[];
}

export interface LeadHomeUpdate {
  id: string;
  period: string;
  channel: 'email' | 'sms';
  email: string | null;
  status: string;
  created_at: string;
  sent_at: string | null;
  opened_at: string | null;
  open_count: number;
  machine_opened_at: string | null;
  machine_open_count: number;
  clicked_at: string | null;
  click_count: number;
  machine_click_count: number;
}

export interface LeadPage {
  leads: LeadSummary[];
  total: number;
  page: number;
  page_size: number;
}

export const LEAD_STATUSES = ['new', 'contacted', 'appointment', 'listed', 'closed', 'lost'] as const;

let base: string | undefined;

/** GET an agent API path as the browser's agent: the JSON, or null on 401 (not signed in) and 404. */
export async function agentGet<T>(request: Request, path: string): Promise<T | null> {
  base ??= loadConfig().apiUrl;
  const headers = forwardedRequestHeaders(request);
  headers.set('accept', 'application/json');
  const res = await fetch(`${base}${path}`, { headers, cache: 'no-store', signal: AbortSignal.timeout(10_000) });
  if (res.status === 401 || res.status === 404 || res.status === 400) return null;
  if (!res.ok) throw new Error(`API ${path.split('?')[0]} answered ${res.status}`);
  return (await res.json()) as T;
}

export const getAgentSession = (request: Request) => agentGet<AgentSession>(request, '/v1/agent/session');

/** Where a signed-out visitor goes: the sign-in page, then back here. */
export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return new Response(null, { status: 303, headers: { location: `/agent/sign-in?next=${encodeURIComponent(back)}`, 'cache-control': 'no-store' } });
}
