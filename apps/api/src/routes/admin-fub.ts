import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAccount, findAgentByCode, findFubConnection, fubSettingsForAgent, removeFubApiKey, setFubApiKey } from '@opencma/db';
import { fubApiKeyInput } from '@opencma/contracts';
import { requireAdmin } from '../admin/auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { fubKeyView, fubSettingsView, keyOut, settingsOut } from '../fub-settings-view';
import { agentCodeParam, errorBody } from '../schemas';

const idParam = z.object({ id: z.uuid() });
const accountFub = z.object({ key: fubKeyView }).describe('An account’s Follow Up Boss key (last 4 characters)');
const errors = { 400: errorBody, 401: errorBody, 404: errorBody };

/**
 * Follow Up Boss keys of agents and accounts behind the admin token (decision 0022). Keys go in,
 * never out: answers show the last 4 characters only.
 */
export const adminFubRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  const { db } = deps.database;
  const onRequest = requireAdmin(token);
  const common = { tags: ['admin'], security: [{ bearerAuth: [] }] };

  const agentOr404 = async (code: string) => {
    const found = await findAgentByCode(db, code);
    if (!found) throw notFound('Agent', 'agent_not_found');
    return found.agent;
  };
  const accountOr404 = async (id: string) => {
    const account = await findAccount(db, id);
    if (!account) throw notFound('Account', 'account_not_found');
    return account;
  };
  const agentSettings = async (code: string) => {
    const agent = await agentOr404(code);
    return settingsOut(await fubSettingsForAgent(db, agent.id, agent.account_id));
  };

  app.get(
    '/v1/admin/agents/:agent_code/fub',
    {
      onRequest,
      schema: { ...common, summary: "An agent's Follow Up Boss settings", params: agentCodeParam, response: { 200: fubSettingsView, ...errors } },
    },
    async (req) => agentSettings(req.params.agent_code),
  );
  app.put(
    '/v1/admin/agents/:agent_code/fub',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Set an agent's Follow Up Boss API key",
        params: agentCodeParam,
        body: fubApiKeyInput,
        response: { 200: fubSettingsView, ...errors },
      },
    },
    async (req) => {
      const agent = await agentOr404(req.params.agent_code);
      await setFubApiKey(db, { agentId: agent.id }, req.body.api_key);
      return agentSettings(req.params.agent_code);
    },
  );
  app.delete(
    '/v1/admin/agents/:agent_code/fub',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Remove an agent's Follow Up Boss API key",
        params: agentCodeParam,
        response: { 200: fubSettingsView, ...errors },
      },
    },
    async (req) => {
      const agent = await agentOr404(req.params.agent_code);
      await removeFubApiKey(db, { agentId: agent.id });
      return agentSettings(req.params.agent_code);
    },
  );

  app.get(
    '/v1/admin/accounts/:id/fub',
    { onRequest, schema: { ...common, summary: "An account's Follow Up Boss key", params: idParam, response: { 200: accountFub, ...errors } } },
    async (req) => {
      const account = await accountOr404(req.params.id);
      return { key: keyOut(await findFubConnection(db, { accountId: account.id })) };
    },
  );
  app.put(
    '/v1/admin/accounts/:id/fub',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Set an account's Follow Up Boss API key (used for its agents without their own)",
        params: idParam,
        body: fubApiKeyInput,
        response: { 200: accountFub, ...errors },
      },
    },
    async (req) => {
      const account = await accountOr404(req.params.id);
      return { key: keyOut(await setFubApiKey(db, { accountId: account.id }, req.body.api_key)) };
    },
  );
  app.delete(
    '/v1/admin/accounts/:id/fub',
    {
      onRequest,
      schema: { ...common, summary: "Remove an account's Follow Up Boss API key", params: idParam, response: { 200: accountFub, ...errors } },
    },
    async (req) => {
      const account = await accountOr404(req.params.id);
      await removeFubApiKey(db, { accountId: account.id });
      return { key: null };
    },
  );
};
