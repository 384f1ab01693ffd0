import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { discardHeldSms, findHeldSmsIds, listHeldSms, releaseHeldSms } from '@opencma/db';
import { requireAdmin } from '../admin/auth';
import type { ApiDeps } from '../deps';
import { ApiError, validationError } from '../errors';
import { errorBody } from '../schemas';

const heldSms = z.object({ id: z.string(), recipient_role: z.enum(['consumer', 'agent']), created_at: z.string() });
const selection = z
  .object({
    ids: z.array(z.uuid()).min(1).max(500).optional().describe('Held texts to act on (sms_logs ids from GET /v1/admin/sms/held)'),
    all: z.literal(true).optional().describe('Act on every held text'),
  })
  .strict();
const outcome = z.object({ count: z.number(), ids: z.array(z.string()) });
const errors = { 400: errorBody, 401: errorBody, 404: errorBody };

/**
 * Texts held over the SMS budget (decision 0018), behind the admin token: list them, release them (the
 * reconciler sends each once, whatever the budget) or discard them (never sent).
 */
export const adminSmsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return;
  const { db } = deps.database;
  const common = { tags: ['admin'], security: [{ bearerAuth: [] }] };
  const onRequest = requireAdmin(token);

  app.get(
    '/v1/admin/sms/held',
    {
      onRequest,
      schema: { ...common, summary: 'Texts held over the SMS budget', response: { 200: z.object({ held: z.array(heldSms) }), ...errors } },
    },
    async () => ({ held: (await listHeldSms(db)).map((h) => ({ ...h, created_at: h.created_at.toISOString() })) }),
  );

  /** The ids to act on: every held one, or the given ones — all of which must be held (else nothing changes). */
  const select = async (body: z.infer<typeof selection>): Promise<string[] | undefined> => {
    if (Boolean(body.all) === Boolean(body.ids)) throw validationError({ ids: 'Give either ids or all: true' });
    if (!body.ids) return undefined;
    const ids = [...new Set(body.ids)];
    const held = new Set(await findHeldSmsIds(db, ids));
    const missing = ids.filter((id) => !held.has(id));
    if (missing.length) throw new ApiError(404, 'sms_not_held', `No held text with id ${missing.join(', ')}; nothing was changed.`);
    return ids;
  };

  for (const [action, move, summary] of [
    ['release', releaseHeldSms, 'Release held texts: each is sent once by the worker, whatever the budget'],
    ['discard', discardHeldSms, 'Discard held texts: they are never sent'],
  ] as const) {
    app.post(
      `/v1/admin/sms/held/${action}`,
      { onRequest, schema: { ...common, summary, body: selection, response: { 200: outcome, ...errors } } },
      async (req) => {
        const ids = await move(db, await select(req.body));
        req.log.warn({ action, count: ids.length }, 'held sms moved by an operator');
        return { count: ids.length, ids };
      },
    );
  }
};
