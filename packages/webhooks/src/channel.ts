/**
 * The webhook delivery channel: each enabled endpoint of the lead's agent (and of the agent's
 * brokerage) that subscribes to the event type gets one signed POST per event. The delivery id is the
 * `webhook-id`, the same on every retry and on a resend after a stale claim, so receivers dedupe on it.
 */
import type { DeliveryChannel, DeliveryOutcome, LeadEventContext } from '@opencma/delivery';
import { buildPayload, type WebhookPayload } from './payload';
import { PostError, postJson } from './post';
import { outcomeOf } from './outcome';
import { signatureHeaders } from './signing';
import { checkWebhookUrl, type Resolver } from './ssrf';

/** What the channel needs of a stored endpoint. */
export interface WebhookTarget {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  enabled: boolean;
}

export interface WebhookSendOptions {
  /** WEBHOOK_ALLOWED_HOSTS: hosts that may use http and private addresses (local testing). */
  allowedHosts: readonly string[];
  /** WEBHOOK_TIMEOUT_MS: the whole exchange, connect to answer. */
  timeoutMs: number;
  /** DNS (tests pass their own); default: the system resolver. */
  resolve?: Resolver;
  now?: () => Date;
}

export interface WebhookChannelOptions extends WebhookSendOptions {
  /** The endpoints of an agent and of their account (enabled or not). */
  endpointsFor(agentId: string, accountId: string | null): Promise<WebhookTarget[]>;
  /** One endpoint by id, or null when it was deleted. */
  findEndpoint(id: string): Promise<WebhookTarget | null>;
}

export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3_600_000;
const USER_AGENT = 'OpenCMA-Webhooks/1.0';

/** Signs and POSTs one payload to one endpoint (SSRF-checked now, at send); used for deliveries and test events. */
export async function sendWebhook(
  target: Pick<WebhookTarget, 'url' | 'secret'>,
  messageId: string,
  payload: WebhookPayload,
  opts: WebhookSendOptions,
): Promise<DeliveryOutcome> {
  const check = await checkWebhookUrl(target.url, opts);
  if (!check.ok) {
    // DNS may be down for a moment; an address or URL that is not allowed stays so
    return check.code === 'unresolvable' ? { kind: 'retry', error: check.reason } : { kind: 'failed', error: `refused: ${check.reason}` };
  }
  const at = (opts.now ?? (() => new Date()))();
  const body = JSON.stringify(payload);
  try {
    const res = await postJson({
      url: check.url,
      addresses: check.addresses,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signatureHeaders(target.secret, messageId, at, body) },
      body,
      timeoutMs: opts.timeoutMs,
    });
    return outcomeOf(res, at);
  } catch (err) {
    if (err instanceof PostError) return { kind: 'retry', error: err.message };
    throw err;
  }
}

export function createWebhookChannel(opts: WebhookChannelOptions): DeliveryChannel {
  return {
    name: 'webhook',
    retryWindowMs: WEBHOOK_RETRY_WINDOW_MS,
    onStaleClaim: 'resend',
    async destinations(ctx: LeadEventContext) {
      const endpoints = await opts.endpointsFor(ctx.agent.id, ctx.agent.accountId);
      return endpoints.filter((e) => e.enabled && e.eventTypes.includes(ctx.event.type)).map((e) => e.id);
    },
    async send(ctx, delivery) {
      const endpoint = await opts.findEndpoint(delivery.destination);
      if (!endpoint) return { kind: 'failed', error: 'the endpoint was deleted' };
      if (!endpoint.enabled) return { kind: 'failed', error: 'the endpoint is disabled' };
      return sendWebhook(endpoint, delivery.id, buildPayload(ctx), opts);
    },
  };
}
