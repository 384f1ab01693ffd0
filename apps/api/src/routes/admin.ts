import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAccount,
  createAgent,
  findAccount,
  listAccounts,
  listAgents,
  updateAccount,
  updateAgentByCode,
  type Account,
  type Agent,
} from '@opencma/db';
import { accountInput, accountPatch, agentInputSchemas } from '@opencma/contracts';
import { requireAdmin } from '../admin/auth';
import type { ApiDeps } from '../deps';
import { ApiError, notFound, validationError } from '../errors';
import { agentCodeParam, errorBody } from '../schemas';

const accountOut = (a: Account) => ({
  id: a.id,
  name: a.name,
  logo_url: a.logo_url,
  primary_color: a.primary_color,
  secondary_color: a.secondary_color,
  branding_enabled: a.branding_enabled,
  license_number: a.license_number,
  equal_housing_opportunity: a.equal_housing_opportunity,
});
const agentOut = (a: Agent, baseUrl: string) => ({
  id: a.id,
  agent_code: a.agent_code,
  name: a.name,
  email: a.email,
  phone: a.phone,
  photo_url: a.photo_url,
  account_id: a.account_id,
  landing_page_headline: a.landing_page_headline,
  landing_page_subheadline: a.landing_page_subheadline,
  landing_page_cta_text: a.landing_page_cta_text,
  role: a.role,
  lead_email_enabled: a.lead_email_enabled,
  activity_digest_enabled: a.activity_digest_enabled,
  brokerage_name: a.brokerage_name,
  license_number: a.license_number,
  sale_commission_bps: a.sale_commission_bps,
  closing_cost_bps: a.closing_cost_bps,
  landing_page_url: `${baseUrl}/cma/${a.agent_code}`,
});
const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  logo_url: z.string().nullable(),
  primary_color: z.string().nullable(),
  secondary_color: z.string().nullable(),
  branding_enabled: z.boolean(),
  license_number: z.string().nullable(),
  equal_housing_opportunity: z.boolean(),
});
const agentSchema = z.object({
  id: z.string(),
  agent_code: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  photo_url: z.string().nullable(),
  account_id: z.string().nullable(),
  landing_page_headline: z.string().nullable(),
  landing_page_subheadline: z.string().nullable(),
  landing_page_cta_text: z.string().nullable(),
  role: z.enum(['agent', 'account_admin']),
  lead_email_enabled: z.boolean(),
  activity_digest_enabled: z.boolean(),
  brokerage_name: z.string().nullable(),
  license_number: z.string().nullable(),
  sale_commission_bps: z.number().describe('Net-proceeds calculator default commission, basis points (550 = 5.5%)'),
  closing_cost_bps: z.number().describe('Net-proceeds calculator default closing costs, basis points (150 = 1.5%)'),
  landing_page_url: z.string(),
});
const idParam = z.object({ id: z.uuid() });
const errors = { 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody };

/** Token-protected admin API for accounts and agents; not registered when ADMIN_TOKEN is unset. */
export const adminRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  const { db } = deps.database;
  const base = deps.config.publicBaseUrl;
  const agentInput = agentInputSchemas(deps.config.ALLOWED_COUNTRIES);
  app.addHook('onRequest', requireAdmin(token));
  const common = { tags: ['admin'], security: [{ bearerAuth: [] }] };

  const checkAccount = async (id: string | null | undefined) => {
    if (id && !(await findAccount(db, id))) throw validationError({ account_id: 'No account with this id' });
  };

  app.get(
    '/v1/admin/accounts',
    { schema: { ...common, summary: 'List accounts', response: { 200: z.object({ accounts: z.array(accountSchema) }), ...errors } } },
    async () => ({
      accounts: (await listAccounts(db)).map(accountOut),
    }),
  );

  app.post(
    '/v1/admin/accounts',
    { schema: { ...common, summary: 'Create an account (brokerage)', body: accountInput, response: { 201: accountSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(accountOut(await createAccount(db, req.body))),
  );

  app.patch(
    '/v1/admin/accounts/:id',
    { schema: { ...common, summary: 'Update an account', params: idParam, body: accountPatch, response: { 200: accountSchema, ...errors } } },
    async (req) => {
      const row = await updateAccount(db, req.params.id, req.body);
      if (!row) throw notFound('Account', 'account_not_found');
      return accountOut(row);
    },
  );

  app.get(
    '/v1/admin/agents',
    { schema: { ...common, summary: 'List agents', response: { 200: z.object({ agents: z.array(agentSchema) }), ...errors } } },
    async () => ({
      agents: (await listAgents(db)).map(({ agent }) => agentOut(agent, base)),
    }),
  );

  app.post(
    '/v1/admin/agents',
    {
      schema: {
        ...common,
        summary: 'Create an agent (agent_code generated unless given)',
        body: agentInput.create,
        response: { 201: agentSchema, ...errors },
      },
    },
    async (req, reply) => {
      await checkAccount(req.body.account_id);
      try {
        return reply.status(201).send(agentOut(await createAgent(db, req.body), base));
      } catch (err) {
        if (/already taken/.test((err as Error).message)) throw new ApiError(409, 'agent_code_taken', (err as Error).message);
        throw err;
      }
    },
  );

  app.patch(
    '/v1/admin/agents/:agent_code',
    { schema: { ...common, summary: 'Update an agent', params: agentCodeParam, body: agentInput.patch, response: { 200: agentSchema, ...errors } } },
    async (req) => {
      await checkAccount(req.body.account_id);
      const row = await updateAgentByCode(db, req.params.agent_code, req.body);
      if (!row) throw notFound('Agent', 'agent_not_found');
      return agentOut(row, base);
    },
  );
};
