import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAccount, findUserForSignIn, revokeAgentSession, revokeAllAgentSessions } from '@opencma/db';
import { z } from 'zod';
import { agentAuth, clearSessionCookie, identityOf, setSessionCookie } from '../agent-auth/identity';
import { agentProfile } from '../agent-auth/profile';
import { loginKey, parseLogin, sendSignInCode, verifySignInCode } from '../agent-auth/sign-in';
import type { AgentRouteDeps } from '../deps';
import { ApiError, validationError } from '../errors';
import { errorBody } from '../schemas';

const LOGIN_PROBLEM = 'Enter your mobile number or e-mail address.';
const CODE_PROBLEM = 'That code is not right, has expired or was already used. Check the text or ask for a new code.';

const loginBody = z.object({ login: z.string({ error: LOGIN_PROBLEM }).trim().min(3, LOGIN_PROBLEM).max(254, LOGIN_PROBLEM) });
const verifyBody = loginBody.extend({
  code: z
    .string({ error: 'Enter the 6-digit code from the text.' })
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from the text.'),
});

const profile = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['agent', 'account_admin']),
  agent_code: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  photo_url: z.string().nullable(),
  landing_page_url: z.string(),
  account: z.object({ id: z.string(), name: z.string() }).nullable(),
  brokerage: z.string().nullable().describe('The brokerage the landing page, reports and texts name; null: none set'),
});
const sessionResponse = z.object({ agent: profile, csrf_token: z.string(), expires_at: z.string() }).meta({ id: 'AgentSession' });

const security = [{ agentSession: [] }];

/**
 * Agent sign-in without passwords: a 6-digit code texted to the agent's phone (named by phone or
 * e-mail), then a server-side session in an HttpOnly SameSite cookie; sign-out here or everywhere.
 */
export const agentSessionRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });

  app.post(
    '/v1/agent/sign-in/code',
    {
      schema: {
        summary: 'Text a sign-in code to an agent',
        description: 'The same 202 whether or not the number or e-mail belongs to an agent. Codes: 6 digits, 10 minutes, 5 tries, once.',
        tags: ['agent'],
        body: loginBody,
        response: { 202: z.object({ message: z.string() }), 400: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.signInIp.consume(req.ip);
      const login = parseLogin(req.body.login, deps.config.ALLOWED_COUNTRIES);
      if (!login) throw validationError({ login: LOGIN_PROBLEM });
      await deps.rateLimits.signInCodes.consume(loginKey(login));
      const user = await findUserForSignIn(db, login);
      if (user) {
        // not awaited: known and unknown logins are answered alike, and as fast
        sendSignInCode({ db, sms: deps.sms, config: deps.config, log: req.log }, user, req.ip).catch((err) =>
          req.log.error({ err: (err as Error).message }, 'sign-in code not stored'),
        );
      }
      reply.header('cache-control', 'no-store');
      return reply.status(202).send({ message: 'If this belongs to an agent, a 6-digit code is on its way by text. It works for 10 minutes.' });
    },
  );

  app.post(
    '/v1/agent/sign-in/verify',
    {
      schema: {
        summary: 'Sign in with a texted code',
        description: 'Sets the session cookie. A wrong, expired, used or foreign code is one 400 `invalid_code`.',
        tags: ['agent'],
        body: verifyBody,
        response: { 200: sessionResponse, 400: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.signInIp.consume(req.ip);
      const login = parseLogin(req.body.login, deps.config.ALLOWED_COUNTRIES);
      if (!login) throw validationError({ login: LOGIN_PROBLEM });
      const result = await verifySignInCode({ db }, login, req.body.code, {
        days: deps.config.AGENT_SESSION_DAYS,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      if (!result.ok) throw new ApiError(400, 'invalid_code', CODE_PROBLEM, { code: CODE_PROBLEM });
      setSessionCookie(req, reply, result.token, deps.config.AGENT_SESSION_DAYS * 86_400);
      reply.header('cache-control', 'no-store');
      const account = result.user.account_id ? await findAccount(db, result.user.account_id) : null;
      const identity = { sessionId: '', csrfToken: result.csrfToken, expiresAt: result.expiresAt, user: result.user, account };
      return { agent: agentProfile(identity, deps.config.publicBaseUrl), csrf_token: result.csrfToken, expires_at: result.expiresAt.toISOString() };
    },
  );

  app.get(
    '/v1/agent/session',
    {
      schema: {
        summary: 'The signed-in agent and the CSRF token for changes',
        tags: ['agent'],
        security,
        response: { 200: sessionResponse, 401: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const identity = identityOf(req);
      reply.header('cache-control', 'no-store');
      return {
        agent: agentProfile(identity, deps.config.publicBaseUrl),
        csrf_token: identity.csrfToken,
        expires_at: identity.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/v1/agent/sign-out',
    {
      schema: { summary: 'Sign out this session', tags: ['agent'], security, response: { 204: z.null(), 401: errorBody, 403: errorBody } },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      await revokeAgentSession(db, identityOf(req).sessionId);
      clearSessionCookie(req, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/agent/sign-out-everywhere',
    {
      schema: {
        summary: 'Sign out every session of this agent (all devices)',
        tags: ['agent'],
        security,
        response: { 200: z.object({ ended: z.number() }), 401: errorBody, 403: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const ended = await revokeAllAgentSessions(db, identityOf(req).user.id);
      clearSessionCookie(req, reply);
      return { ended };
    },
  );
};
