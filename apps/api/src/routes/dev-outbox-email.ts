import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps';

const capturedMail = z.object({
  id: z.string(),
  message_id: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  received_at: z.string(),
});

/** E-mails the local SMTP server captured (embedded mode without SMTP_URL), newest first. Off in production. */
export const devOutboxEmailRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const captured = deps.capturedMail;
  if (!captured) return;
  app.get(
    '/v1/dev/outbox/email',
    {
      schema: {
        summary: 'E-mails captured by the local SMTP server (development only)',
        tags: ['dev'],
        response: { 200: z.object({ messages: z.array(capturedMail) }) },
      },
    },
    async () => ({
      messages: captured()
        .reverse()
        .slice(0, 200)
        .map((m) => ({
          id: m.id,
          message_id: m.messageId,
          from: m.from,
          to: m.envelopeTo,
          subject: m.subject,
          text: m.text,
          html: m.html,
          received_at: m.receivedAt,
        })),
    }),
  );
};
