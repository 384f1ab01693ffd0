import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { homeUpdateCounts } from '@opencma/db';
import { PLAN_HOME_UPDATES, type PlanHomeUpdatesJob } from '@opencma/queue';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireAdmin } from '../admin/auth';
import { errorBody } from '../schemas';

const cycleBody = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2015-05-01')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'a real date such as 2015-05-01')
    .optional()
    .meta({
      description: 'Run the cycle as of this day (the demo moves in time: the local demo MLS with MLS_AS_OF moves forward to it); absent → today.',
    }),
});
const periodParam = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'a period such as 2015-05') });
const cycleCounts = z.object({
  period: z.string(),
  updates: z.record(z.string(), z.number()).describe('The period’s updates by status (pending, deferred, sending, sent, failed, unknown)'),
});

/**
 * Operators (and `npm run home-updates`) start one cycle of homeowners' value updates and watch it
 * (decision 0028): the running worker plans and sends it, so the e-mails go where its e-mails go.
 */
export const adminHomeUpdateRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  app.post(
    '/v1/admin/home-updates/cycles',
    {
      onRequest: requireAdmin(token),
      schema: {
        summary: 'Queue one cycle of home-value updates (plan_home_updates), optionally as of a past day',
        tags: ['admin', 'home-updates'],
        security: [{ bearerAuth: [] }],
        body: cycleBody,
        response: { 202: z.object({ period: z.string() }), 400: errorBody, 401: errorBody },
      },
    },
    async (req, reply) => {
      const asOf = req.body.date;
      if (asOf && deps.demoMls) {
        const now = deps.demoMls.advanceTo(asOf);
        req.log.info({ as_of: asOf, mls_as_of: now }, 'local MLS moved to the cycle date');
      }
      await deps.queue.enqueue<PlanHomeUpdatesJob>(PLAN_HOME_UPDATES, asOf ? { as_of: asOf } : {});
      return reply.status(202).send({ period: (asOf ?? new Date().toISOString()).slice(0, 7) });
    },
  );
  app.get(
    '/v1/admin/home-updates/cycles/:period',
    {
      onRequest: requireAdmin(token),
      schema: {
        summary: "A period's home-value updates by status",
        tags: ['admin', 'home-updates'],
        security: [{ bearerAuth: [] }],
        params: periodParam,
        response: { 200: cycleCounts, 400: errorBody, 401: errorBody },
      },
    },
    async (req) => ({ period: req.params.period, updates: await homeUpdateCounts(deps.database.db, req.params.period) }),
  );
};
