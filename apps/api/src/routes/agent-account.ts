import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createAgent, findAccount, findUserForSignIn, listAccountAgents, recordAgentSms, updateAccount, type Account, type Agent } from '@opencma/db';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountPatch, agentPhone } from '@opencma/contracts';
import { agentAuth, identityOf } from '../agent-auth/identity';
import type { AgentRouteDeps } from '../deps';
import { ApiError, validationError } from '../errors';
import { errorBody } from '../schemas';
import { maskPhonesInText } from '@opencma/sms';

const accountView = z
  .object({
    id: z.string(),
    name: z.string(),
    logo_url: z.string().nullable(),
    primary_color: z.string().nullable(),
    secondary_color: z.string().nullable(),
    branding_enabled: z.boolean(),
    license_number: z.string().nullable(),
    equal_housing_opportunity: z.boolean(),
  })
  .meta({ id: 'AgentAccount' });
const agentView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(['agent', 'account_admin']),
  agent_code: z.string(),
  landing_page_url: z.string(),
});
const security = [{ agentSession: [] }];

const forbidden = () => new ApiError(403, 'forbidden', 'Only a brokerage admin can do this.');

/** The signed-in admin's account id; 403 for anyone else (an agent, or an admin without an account). */
function adminAccountId(req: FastifyRequest): string {
  const { user } = identityOf(req);
  if (user.role !== 'account_admin' || !user.account_id) throw forbidden();
  return user.account_id;
}

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

/**
 * Brokerage admin (users.role = account_admin): their account's branding and agents, and inviting
 * agents by phone. Only their own account: the account id comes from the session, never the request.
 */
export const agentAccountRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });
  const agentOut = (a: Agent) => ({
    id: a.id,
    name: a.name,
    phone: a.phone,
    email: a.email,
    role: a.role,
    agent_code: a.agent_code,
    landing_page_url: `${deps.config.publicBaseUrl}/cma/${a.agent_code}`,
  });

  app.get(
    '/v1/agent/account',
    {
      schema: {
        summary: "The admin's brokerage: branding and agents",
        tags: ['agent'],
        security,
        response: { 200: z.object({ account: accountView, agents: z.array(agentView) }), 401: errorBody, 403: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const accountId = adminAccountId(req);
      const account = await findAccount(db, accountId);
      if (!account) throw forbidden();
      reply.header('cache-control', 'no-store');
      return { account: accountOut(account), agents: (await listAccountAgents(db, accountId)).map(agentOut) };
    },
  );

  app.patch(
    '/v1/agent/account',
    {
      schema: {
        summary:
          "Edit the brokerage's name, branding (logo https URL, #hex colours) and compliance fields (license number, Equal Housing Opportunity)",
        tags: ['agent'],
        security,
        body: accountPatch,
        response: { 200: accountView, 400: errorBody, 401: errorBody, 403: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const updated = await updateAccount(db, adminAccountId(req), req.body);
      if (!updated) throw forbidden();
      return accountOut(updated);
    },
  );

  app.post(
    '/v1/agent/account/agents',
    {
      schema: {
        summary: 'Invite an agent to the brokerage by phone (texts them the sign-in link)',
        tags: ['agent'],
        security,
        body: z.strictObject({
          name: z.string({ error: 'Enter the agent’s name.' }).trim().min(1, 'Enter the agent’s name.').max(200),
          phone: agentPhone(deps.config.ALLOWED_COUNTRIES),
          email: z.email('Enter a valid e-mail address.').max(320).optional(),
        }),
        response: { 201: agentView, 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const accountId = adminAccountId(req);
      const { user } = identityOf(req);
      if (await findUserForSignIn(db, { phone: req.body.phone }))
        throw new ApiError(409, 'phone_taken', 'An agent with this phone number already exists.', {
          phone: 'An agent with this phone number already exists.',
        });
      if (req.body.email && (await findUserForSignIn(db, { email: req.body.email })))
        throw validationError({ email: 'An agent with this e-mail already exists.' });
      const agent = await createAgent(db, { name: req.body.name, phone: req.body.phone, email: req.body.email ?? null, account_id: accountId });
      const body = `${user.name} invited you to OpenCMA. Sign in with this number at ${deps.config.publicBaseUrl}/agent/sign-in`;
      try {
        const sent = await deps.sms.send({ to: req.body.phone, body, statusCallbackUrl: deps.config.twilioStatusCallbackUrl ?? undefined });
        await recordAgentSms(db, 'invite', {
          to: req.body.phone,
          body,
          provider: deps.sms.provider,
          provider_message_id: sent.providerMessageId,
          status: sent.status,
        });
      } catch (err) {
        const e = err as { code?: unknown; message?: string };
        req.log.warn({ err: maskPhonesInText(e.message ?? '') }, 'invitation text failed');
        await recordAgentSms(db, 'invite', {
          to: req.body.phone,
          body,
          provider: deps.sms.provider,
          provider_message_id: null,
          status: 'failed',
          error_code: e.code === undefined ? null : String(e.code),
          error_message: e.message ?? null,
        });
      }
      return reply.status(201).send(agentOut(agent));
    },
  );
};
