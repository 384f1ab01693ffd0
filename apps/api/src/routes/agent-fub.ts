import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fubSettingsForAgent, listDeliveries, removeFubApiKey, setFubApiKey } from '@opencma/db';
import { z } from 'zod';
import { fubApiKeyInput } from '@opencma/contracts';
import type { FastifyRequest } from 'fastify';
import { agentAuth, identityOf } from '../agent-auth/identity';
import type { AgentRouteDeps } from '../deps';
import { ApiError } from '../errors';
import { fubSettingsView, settingsOut } from '../fub-settings-view';
import { errorBody } from '../schemas';

const security = [{ agentSession: [] }];
const recentDelivery = z.object({
  report_id: z.string(),
  event_type: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'retrying', 'failed', 'unknown']),
  attempts: z.number(),
  response_status: z.number().nullable(),
  last_error: z.string().nullable(),
  updated_at: z.string(),
});
const agentFubView = fubSettingsView
  .extend({ recent: z.array(recentDelivery).describe('The agent’s latest Follow Up Boss deliveries (failures with their reason)') })
  .describe('The signed-in agent’s Follow Up Boss settings and latest deliveries');
const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

/**
 * The signed-in agent's Follow Up Boss key (decision 0022), and — for a brokerage admin — their
 * account's. Whose key is always taken from the session, never from the request: an agent can only
 * ever see (last 4 characters) or change their own key and their own account's.
 */
export const agentFubRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });
  const settingsOf = async (req: FastifyRequest) => {
    const { user } = identityOf(req);
    return settingsOut(await fubSettingsForAgent(db, user.id, user.account_id));
  };
  const adminAccountId = (req: FastifyRequest): string => {
    const { user } = identityOf(req);
    if (user.role !== 'account_admin' || !user.account_id) throw new ApiError(403, 'forbidden', 'Only a brokerage admin can do this.');
    return user.account_id;
  };
  const common = { tags: ['agent'], security };

  app.get(
    '/v1/agent/integrations/fub',
    {
      schema: {
        ...common,
        summary: 'My Follow Up Boss settings (keys shown by their last 4 characters) and my latest deliveries there',
        response: { 200: agentFubView, ...errors },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const recent = await listDeliveries(db, { kind: 'agent', userId: identityOf(req).user.id }, { channel: 'fub', limit: 10 });
      return {
        ...(await settingsOf(req)),
        recent: recent.map((d) => ({
          report_id: d.report_id,
          event_type: d.event_type,
          status: d.status,
          attempts: d.attempts,
          response_status: d.response_status,
          last_error: d.last_error,
          updated_at: d.updated_at,
        })),
      };
    },
  );

  app.put(
    '/v1/agent/integrations/fub',
    {
      schema: {
        ...common,
        summary: 'Set my Follow Up Boss API key (new leads and report views are sent to Follow Up Boss)',
        body: fubApiKeyInput,
        response: { 200: fubSettingsView, ...errors },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      await setFubApiKey(db, { agentId: identityOf(req).user.id }, req.body.api_key);
      req.log.info('agent set their follow up boss key');
      return settingsOf(req);
    },
  );

  app.delete(
    '/v1/agent/integrations/fub',
    { schema: { ...common, summary: 'Remove my Follow Up Boss API key', response: { 200: fubSettingsView, ...errors } }, preHandler: requireAgent },
    async (req) => {
      await removeFubApiKey(db, { agentId: identityOf(req).user.id });
      return settingsOf(req);
    },
  );

  app.put(
    '/v1/agent/account/integrations/fub',
    {
      schema: {
        ...common,
        summary: "Brokerage admin: set the account's Follow Up Boss API key (for its agents without their own)",
        body: fubApiKeyInput,
        response: { 200: fubSettingsView, ...errors },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      await setFubApiKey(db, { accountId: adminAccountId(req) }, req.body.api_key);
      req.log.info('account admin set the account follow up boss key');
      return settingsOf(req);
    },
  );

  app.delete(
    '/v1/agent/account/integrations/fub',
    {
      schema: { ...common, summary: "Brokerage admin: remove the account's Follow Up Boss API key", response: { 200: fubSettingsView, ...errors } },
      preHandler: requireAgent,
    },
    async (req) => {
      await removeFubApiKey(db, { accountId: adminAccountId(req) });
      return settingsOf(req);
    },
  );
};
