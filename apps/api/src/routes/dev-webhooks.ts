import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps';

/** What the local webhook receiver got (development only): each request, whether its signature verified, what it answered. */
export const devWebhookRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const receiver = deps.devWebhookReceiver;
  if (!receiver || deps.config.NODE_ENV === 'production') return;
  app.get(
    '/v1/dev/webhooks',
    { schema: { summary: 'Requests the local webhook receiver got (development only)', tags: ['dev'], querystring: z.object({}) } },
    async () => ({
      receiver_url: receiver.url,
      requests: receiver.requests
        .slice(-200)
        .reverse()
        .map((r) => ({
          webhook_id: r.id,
          path: r.path,
          type: r.type,
          verified: r.verified,
          answer: r.answer,
          note: r.note,
          received_at: r.receivedAt,
          payload: r.payload,
        })),
    }),
  );
};
