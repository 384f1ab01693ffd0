import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { countReportsByStatus, findStuckReportIds } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT } from '@opencma/queue';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireAdmin } from '../admin/auth';
import { errorBody } from '../schemas';

const queueStatus = z.object({
  reports: z
    .object({
      pending: z.number().describe('Accepted, not started (includes reports whose enqueue failed; the sweeper queues them)'),
      processing: z.number(),
      completed: z.number(),
      failed: z.number().describe('Finished without a report (the agent got the lead); see failure_reason'),
      stuck: z.number().describe('Pending or processing past the sweeper deadlines: the sweeper re-enqueues these'),
    })
    .describe("Reports by their status in the database — the truth about submissions, whatever the queue's jobs say"),
  queue: z.object({
    kind: z.enum(['pg-boss', 'bullmq']),
    name: z.string(),
    jobs: z
      .object({
        waiting: z.number().describe('Jobs queued, including those waiting out a retry backoff'),
        active: z.number().describe('Jobs a worker is running now'),
      })
      .nullable()
      .describe('Job counts of the queue itself; null when the queue cannot be reached right now'),
  }),
});

/** Reports by status and the queue's job counts, for operators (both queue kinds), behind the admin token. */
export const adminQueueRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  app.get(
    '/v1/admin/queue',
    {
      onRequest: requireAdmin(token),
      schema: {
        summary: 'Reports by status, stuck reports and queue depth',
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        response: { 200: queueStatus, 401: errorBody },
      },
    },
    async (req) => {
      const { db } = deps.database;
      const now = Date.now();
      const [byStatus, stuck, jobs] = await Promise.all([
        countReportsByStatus(db),
        findStuckReportIds(db, {
          pendingBefore: new Date(now - deps.config.SWEEPER_PENDING_AFTER_MS),
          processingBefore: new Date(now - deps.config.SWEEPER_PROCESSING_AFTER_MS),
          limit: 10_000,
        }),
        deps.queue.counts(PROCESS_CONSUMER_REPORT).then(
          ({ waiting, active }) => ({ waiting, active }),
          (err) => {
            req.log.warn({ err }, 'queue counts unavailable');
            return null;
          },
        ),
      ]);
      return {
        reports: { ...byStatus, stuck: stuck.length },
        queue: { kind: deps.queue.kind, name: PROCESS_CONSUMER_REPORT, jobs },
      };
    },
  );
};
