import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findUserForSignIn, updateAgentNotificationSettings } from '@opencma/db';
import { z } from 'zod';
import { agentAuth, identityOf } from '../agent-auth/identity';
import type { AgentRouteDeps } from '../deps';
import { validationError } from '../errors';
import { errorBody } from '../schemas';

const settings = z
  .object({
    email: z.string().nullable().describe('Where lead e-mails go (also an e-mail sign-in address)'),
    lead_email_enabled: z.boolean().describe('An e-mail for each new lead, when its report is ready'),
    activity_digest_enabled: z.boolean().describe('A daily e-mail of lead activity'),
  })
  .meta({ id: 'AgentEmailSettings' });

const patchBody = z.strictObject({
  email: z
    .string({ error: 'Enter a valid e-mail address.' })
    .trim()
    .toLowerCase()
    .max(320, 'Enter a valid e-mail address.')
    .pipe(z.union([z.literal('').transform(() => null), z.email('Enter a valid e-mail address.')]))
    .nullable()
    .optional()
    .describe('An empty string or null removes the address (no lead e-mails)'),
  lead_email_enabled: z.boolean({ error: 'Must be true or false.' }).optional(),
  activity_digest_enabled: z.boolean({ error: 'Must be true or false.' }).optional(),
});

const security = [{ agentSession: [] }];

/** The signed-in agent's e-mail address and e-mail notifications (their own only: the id comes from the session). */
export const agentEmailSettingsRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });

  app.get(
    '/v1/agent/email-settings',
    {
      schema: { summary: "The signed-in agent's lead e-mail settings", tags: ['agent'], security, response: { 200: settings, 401: errorBody } },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const { user } = identityOf(req);
      reply.header('cache-control', 'no-store');
      return { email: user.email, lead_email_enabled: user.lead_email_enabled, activity_digest_enabled: user.activity_digest_enabled };
    },
  );

  app.patch(
    '/v1/agent/email-settings',
    {
      schema: {
        summary: "Change the signed-in agent's e-mail address or e-mail notifications",
        tags: ['agent'],
        security,
        body: patchBody,
        response: { 200: settings, 400: errorBody, 401: errorBody, 403: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const { user } = identityOf(req);
      const { email, ...toggles } = req.body;
      if (email) {
        // The address is also a sign-in: it can belong to one agent only.
        const holder = await findUserForSignIn(db, { email });
        if (holder && holder.id !== user.id) throw validationError({ email: 'Another agent already uses this e-mail address.' });
      }
      const updated = await updateAgentNotificationSettings(db, user.id, { ...toggles, ...(email !== undefined ? { email } : {}) });
      if (!updated) throw validationError({ email: 'Your account could not be found.' });
      return updated;
    },
  );
};
