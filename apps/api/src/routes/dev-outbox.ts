import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listSmsLogs } from '@opencma/db';
import { z } from 'zod';
import type { ApiDeps } from '../deps';

/** The SMS outbox: texts recorded instead of sent, for local development. Off in production. */
export const devOutboxRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/v1/dev/outbox',
    {
      schema: {
        summary: 'Texts recorded by the SMS outbox (development only)',
        tags: ['dev'],
        querystring: z.object({ report_id: z.string().max(64).optional() }),
      },
    },
    async (req) => {
      const rows = await listSmsLogs(deps.database.db, { reportId: req.query.report_id, limit: 200 });
      return {
        messages: rows.map((r) => ({
          id: r.id,
          purpose: r.purpose,
          report_id: r.report_id,
          recipient_role: r.recipient_role,
          to: r.to,
          body: r.body,
          status: r.status,
          provider: r.provider,
          provider_message_id: r.provider_message_id,
          error_code: r.error_code,
          created_at: r.created_at.toISOString(),
        })),
      };
    },
  );
};
