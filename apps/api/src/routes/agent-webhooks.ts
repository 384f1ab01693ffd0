import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  mayOwn,
  updateWebhookEndpoint,
  type WebhookOwner,
  type WebhookScope,
} from '@opencma/db';
import { webhookEndpointInput, webhookEndpointPatch } from '@opencma/contracts';
import { WEBHOOK_EVENT_TYPES } from '@opencma/webhooks';
import { agentAuth, identityOf } from '../agent-auth/identity';
import type { AgentRouteDeps } from '../deps';
import { ApiError } from '../errors';
import { errorBody } from '../schemas';
import {
  createdWebhookEndpoint,
  endpointOut,
  registerWebhookEndpoint,
  sendTestEvent,
  testResult,
  webhookEndpointView,
  type WebhookDeps,
} from '../webhooks/endpoints';

const security = [{ agentSession: [] }];
const idParam = z.object({ id: z.string().max(64) });
const deliveryView = z
  .object({
    id: z.string().describe('Also the webhook-id header of every attempt'),
    report_id: z.string(),
    event_type: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'retrying', 'failed', 'unknown']),
    attempts: z.number(),
    response_status: z.number().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    sent_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
const notFoundEndpoint = () => new ApiError(404, 'not_found', 'Webhook endpoint not found');

/** The signed-in agent's endpoints, and their brokerage's when they administer it. Nobody else's. */
function scopeOf(req: FastifyRequest): WebhookScope {
  const { user } = identityOf(req);
  return { kind: 'agent', agentId: user.id, adminOfAccountId: user.role === 'account_admin' ? user.account_id : null };
}

/**
 * The agent's webhook endpoints (/agent/integrations): register (the URL is checked against SSRF
 * rules; the secret is returned once), list, enable/disable, change events, delete, send a test event.
 * Another agent's endpoint answers 404, exactly like one that does not exist.
 */
export const agentWebhookRoutes: FastifyPluginAsyncZod<AgentRouteDeps & WebhookDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });

  app.get(
    '/v1/agent/webhooks',
    {
      schema: {
        summary: "The agent's webhook endpoints (and their brokerage's, for an admin)",
        tags: ['agent'],
        security,
        response: { 200: z.object({ endpoints: z.array(webhookEndpointView), event_types: z.array(z.string()) }), 401: errorBody },
      },
      preHandler: requireAgent,
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return { endpoints: (await listWebhookEndpoints(db, scopeOf(_req))).map(endpointOut), event_types: [...WEBHOOK_EVENT_TYPES] };
    },
  );

  app.post(
    '/v1/agent/webhooks',
    {
      schema: {
        summary: 'Register a webhook endpoint (https, public address); the response holds its signing secret, shown only once',
        tags: ['agent'],
        security,
        body: webhookEndpointInput,
        response: { 201: createdWebhookEndpoint, 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { user } = identityOf(req);
      let owner: WebhookOwner = { agentId: user.id };
      if (req.body.owner === 'account') {
        if (scope.kind !== 'agent' || !scope.adminOfAccountId)
          throw new ApiError(403, 'forbidden', 'Only a brokerage admin can add a brokerage endpoint.');
        owner = { accountId: scope.adminOfAccountId };
      }
      if (!mayOwn(scope, owner)) throw new ApiError(403, 'forbidden', 'Not allowed.');
      const created = await registerWebhookEndpoint(db, deps, {
        owner,
        url: req.body.url,
        event_types: req.body.event_types,
        description: req.body.description,
      });
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ endpoint: endpointOut(created.endpoint), secret: created.secret });
    },
  );

  app.patch(
    '/v1/agent/webhooks/:id',
    {
      schema: {
        summary: 'Enable or disable a webhook endpoint, or change its events',
        tags: ['agent'],
        security,
        params: idParam,
        body: webhookEndpointPatch,
        response: { 200: webhookEndpointView, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const updated = await updateWebhookEndpoint(db, scopeOf(req), req.params.id, {
        enabled: req.body.enabled,
        eventTypes: req.body.event_types,
        description: req.body.description,
      });
      if (!updated) throw notFoundEndpoint();
      return endpointOut(updated);
    },
  );

  app.delete(
    '/v1/agent/webhooks/:id',
    {
      schema: {
        summary: 'Delete a webhook endpoint (deliveries not yet sent to it are failed)',
        tags: ['agent'],
        security,
        params: idParam,
        response: { 204: z.null(), 401: errorBody, 403: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      if (!(await deleteWebhookEndpoint(db, scopeOf(req), req.params.id))) throw notFoundEndpoint();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/agent/webhooks/:id/test',
    {
      schema: {
        summary: 'Send a signed webhook.test event (sample data) to the endpoint now and report its answer',
        description: 'At most 10 test events per agent per 10 minutes (429 with Retry-After past that).',
        tags: ['agent'],
        security,
        params: idParam,
        response: { 200: testResult, 401: errorBody, 403: errorBody, 404: errorBody, 429: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const endpoint = await findWebhookEndpoint(db, scopeOf(req), req.params.id);
      if (!endpoint) throw notFoundEndpoint();
      const { user } = identityOf(req);
      // counted per agent (not per endpoint): each test is a request to a URL the agent chose
      await deps.rateLimits.webhookTests.consume(user.id);
      return sendTestEvent(deps, endpoint, { id: user.id, name: user.name, agent_code: user.agent_code });
    },
  );

  app.get(
    '/v1/agent/webhooks/:id/deliveries',
    {
      schema: {
        summary: "The endpoint's recent deliveries (newest first): status, attempts, last answer or error",
        tags: ['agent'],
        security,
        params: idParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ deliveries: z.array(deliveryView) }), 401: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const endpoint = await findWebhookEndpoint(db, scopeOf(req), req.params.id);
      if (!endpoint) throw notFoundEndpoint();
      const { user } = identityOf(req);
      // a brokerage endpoint carries every agent of the account's leads; an agent's, their own
      const leads = endpoint.account_id
        ? { kind: 'account' as const, accountId: endpoint.account_id, userId: user.id }
        : { kind: 'agent' as const, userId: user.id };
      const rows = await listDeliveries(db, leads, { channel: 'webhook', destination: endpoint.id, limit: req.query.limit });
      reply.header('cache-control', 'no-store');
      return {
        deliveries: rows.map((d) => ({
          id: d.id,
          report_id: d.report_id,
          event_type: d.event_type,
          status: d.status,
          attempts: d.attempts,
          response_status: d.response_status,
          last_error: d.last_error,
          next_attempt_at: d.next_attempt_at,
          sent_at: d.sent_at,
          created_at: d.created_at,
        })),
      };
    },
  );
};
