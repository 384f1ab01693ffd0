import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findStuckReportIds } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT } from '@opencma/queue';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireAdmin } from '../admin/auth';
import { errorBody } from '../schemas';

const queueStatus = z.object({
  queue: z.object({
    kind: z.enum(['pg-boss', 'bullmq']),
    name: z.string(),
    waiting: z.number(),
    active: z.number(),
    failed: z.number(),
  }),
  reports: z.object({
    /** Reports pending > 1 min or processing > 10 min: the sweeper re-enqueues these. */
    stuck: z.number(),
  }),
});

/** The queue at a glance for operators (both queue kinds), behind the admin token. */
export const adminQueueRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  app.get(
    '/v1/admin/queue',
    {
      onRequest: requireAdmin(token),
      schema: {
        summary: 'Queue depth and stuck reports',
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        response: { 200: queueStatus, 401: errorBody },
      },
    },
    async () => {
      const counts = await deps.queue.counts(PROCESS_CONSUMER_REPORT);
      const now = Date.now();
      const stuck = await findStuckReportIds(deps.database.db, {
        pendingBefore: new Date(now - 60_000),
        processingBefore: new Date(now - 10 * 60_000),
        limit: 1000,
      });
      return { queue: { kind: deps.queue.kind, name: PROCESS_CONSUMER_REPORT, ...counts }, reports: { stuck: stuck.length } };
    },
  );
};
