import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteWebhookEndpoint, findAccount, findAgentByCode, listWebhookEndpoints, updateWebhookEndpoint, type WebhookOwner } from '@opencma/db';
import { webhookEndpointInput, webhookEndpointPatch } from '@opencma/contracts';
import { requireAdmin } from '../admin/auth';
import type { ApiDeps } from '../deps';
import { notFound, validationError } from '../errors';
import { errorBody } from '../schemas';
import { createdWebhookEndpoint, endpointOut, registerWebhookEndpoint, webhookEndpointView } from '../webhooks/endpoints';

const operator = { kind: 'operator' } as const;
const idParam = z.object({ id: z.string().max(64) });
const errors = { 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody };

/** The admin API's webhook endpoints (any agent's or account's); not registered when ADMIN_TOKEN is unset. */
export const adminWebhookRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  const { db } = deps.database;
  app.addHook('onRequest', requireAdmin(token));
  const common = { tags: ['admin'], security: [{ bearerAuth: [] }] };

  app.get(
    '/v1/admin/webhook-endpoints',
    {
      schema: {
        ...common,
        summary: 'List webhook endpoints (optionally of one agent or account)',
        querystring: z.object({ agent_code: z.string().max(32).optional(), account_id: z.uuid().optional() }),
        response: { 200: z.object({ endpoints: z.array(webhookEndpointView) }), ...errors },
      },
    },
    async (req) => {
      let agentId: string | undefined;
      if (req.query.agent_code) {
        const found = await findAgentByCode(db, req.query.agent_code);
        if (!found) throw notFound('Agent', 'agent_not_found');
        agentId = found.agent.id;
      }
      return { endpoints: (await listWebhookEndpoints(db, operator, { agentId, accountId: req.query.account_id })).map(endpointOut) };
    },
  );

  app.post(
    '/v1/admin/webhook-endpoints',
    {
      schema: {
        ...common,
        summary: 'Register a webhook endpoint for an agent (agent_code) or an account (account_id); the secret is returned only now',
        body: webhookEndpointInput.omit({ owner: true }).extend({ agent_code: z.string().max(32).optional(), account_id: z.uuid().optional() }),
        response: { 201: createdWebhookEndpoint, ...errors },
      },
    },
    async (req, reply) => {
      const { agent_code, account_id } = req.body;
      if (Boolean(agent_code) === Boolean(account_id)) throw validationError({ agent_code: 'Give agent_code or account_id (one of them).' });
      let owner: WebhookOwner;
      if (agent_code) {
        const found = await findAgentByCode(db, agent_code);
        if (!found) throw validationError({ agent_code: 'No agent with this agent_code' });
        owner = { agentId: found.agent.id };
      } else {
        if (!(await findAccount(db, account_id!))) throw validationError({ account_id: 'No account with this id' });
        owner = { accountId: account_id! };
      }
      const created = await registerWebhookEndpoint(db, deps, {
        owner,
        url: req.body.url,
        event_types: req.body.event_types,
        description: req.body.description,
      });
      return reply.status(201).send({ endpoint: endpointOut(created.endpoint), secret: created.secret });
    },
  );

  app.patch(
    '/v1/admin/webhook-endpoints/:id',
    {
      schema: {
        ...common,
        summary: 'Enable/disable a webhook endpoint or change its events',
        params: idParam,
        body: webhookEndpointPatch,
        response: { 200: webhookEndpointView, ...errors },
      },
    },
    async (req) => {
      const row = await updateWebhookEndpoint(db, operator, req.params.id, {
        enabled: req.body.enabled,
        eventTypes: req.body.event_types,
        description: req.body.description,
      });
      if (!row) throw notFound('Webhook endpoint');
      return endpointOut(row);
    },
  );

  app.delete(
    '/v1/admin/webhook-endpoints/:id',
    { schema: { ...common, summary: 'Delete a webhook endpoint', params: idParam, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      if (!(await deleteWebhookEndpoint(db, operator, req.params.id))) throw notFound('Webhook endpoint');
      return reply.status(204).send(null);
    },
  );
};
