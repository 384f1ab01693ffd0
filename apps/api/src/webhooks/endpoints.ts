/**
 * What the agent and admin webhook routes share: the URL check at registration (the same one the
 * channel repeats at every send), creating an endpoint with a new secret, the public view of an
 * endpoint (never its secret), and the test event.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { countWebhookEndpoints, createWebhookEndpoint, type Db, type WebhookEndpoint, type WebhookOwner } from '@opencma/db';
import { checkWebhookUrl, generateWebhookSecret, sendWebhook, WEBHOOK_EVENT_TYPES, type Resolver, type WebhookPayload } from '@opencma/webhooks';
import type { Config } from '@opencma/config';
import { ApiError, validationError } from '../errors';

/** Endpoints per agent or account: every lead event fans out to each, so the number stays small. */
const MAX_WEBHOOK_ENDPOINTS = 10;

export interface WebhookDeps {
  config: Config;
  /** DNS for the URL checks (tests pass their own); default: the system resolver. */
  webhookResolver?: Resolver;
}

export const webhookEndpointView = z
  .object({
    id: z.string(),
    owner: z.enum(['agent', 'account']),
    agent_id: z.string().nullable(),
    account_id: z.string().nullable(),
    url: z.string(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    description: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const createdWebhookEndpoint = z
  .object({
    endpoint: webhookEndpointView,
    secret: z.string().describe('The signing secret (whsec_…). Shown only now: store it in the receiving system.'),
  })
  .meta({ id: 'CreatedWebhookEndpoint' });

export const testResult = z
  .object({
    outcome: z
      .enum(['sent', 'retry', 'failed'])
      .describe('sent: 2xx; retry: 429/5xx/timeout/network (a real delivery would be retried); failed: refused or other answer'),
    response_status: z.number().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookTestResult' });

export const endpointOut = (e: WebhookEndpoint): z.infer<typeof webhookEndpointView> => ({
  id: e.id,
  owner: e.account_id ? 'account' : 'agent',
  agent_id: e.agent_id,
  account_id: e.account_id,
  url: e.url,
  event_types: e.event_types,
  enabled: e.enabled,
  description: e.description,
  created_at: e.created_at.toISOString(),
});

/** 400 naming the url field unless the URL may receive webhooks now (https, public addresses, or allow-listed). */
export async function assertWebhookUrl(deps: WebhookDeps, url: string): Promise<string> {
  const check = await checkWebhookUrl(url, { allowedHosts: deps.config.WEBHOOK_ALLOWED_HOSTS, resolve: deps.webhookResolver });
  if (!check.ok) throw validationError({ url: check.reason });
  return check.url.toString();
}

export async function registerWebhookEndpoint(
  db: Db,
  deps: WebhookDeps,
  input: { owner: WebhookOwner; url: string; event_types?: string[]; description?: string | null },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = await assertWebhookUrl(deps, input.url);
  if ((await countWebhookEndpoints(db, input.owner)) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new ApiError(409, 'too_many_endpoints', `At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints: delete one first.`);
  }
  const secret = generateWebhookSecret();
  const endpoint = await createWebhookEndpoint(db, {
    owner: input.owner,
    url,
    secret,
    eventTypes: input.event_types ?? [...WEBHOOK_EVENT_TYPES],
    description: input.description,
  });
  return { endpoint, secret };
}

/** Sends a signed `webhook.test` event with sample lead data (no real homeowner) and says what the endpoint answered. */
export async function sendTestEvent(
  deps: WebhookDeps,
  endpoint: WebhookEndpoint,
  agent: { id: string; name: string; agent_code: string },
): Promise<z.infer<typeof testResult>> {
  const now = new Date().toISOString();
  const base = deps.config.publicBaseUrl;
  const payload: WebhookPayload = {
    type: 'webhook.test',
    timestamp: now,
    data: {
      event_id: randomUUID(),
      report_id: 'test',
      report_url: `${base}/r/test`,
      agent_lead_url: `${base}/agent/leads/test`,
      consumer_phone: '+12065550100',
      property_address: '123 Example St, Seattle, WA 98101',
      report_status: 'completed',
      lead_status: 'new',
      estimate: { value: 750000, low: 700000, high: 800000 },
      failure_reason: null,
      lead_created_at: now,
      agent,
      detail: { test: true },
    },
  };
  const outcome = await sendWebhook(endpoint, `test_${randomUUID()}`, payload, {
    allowedHosts: deps.config.WEBHOOK_ALLOWED_HOSTS,
    timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
    resolve: deps.webhookResolver,
  });
  return {
    outcome: outcome.kind,
    response_status: outcome.responseStatus ?? null,
    error: outcome.kind === 'sent' ? null : outcome.error,
  };
}
