import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

export const healthRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: database and queue reachable', tags: ['health'], response: { 200: z.any(), 503: z.any() } } },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      await Promise.all(
        (
          [
            ['database', () => deps.database.ping()],
            ['queue', () => deps.queue.ping()],
          ] as const
        ).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2000);
            checks[name] = 'ok';
          } catch (err) {
            checks[name] = (err as Error).message.slice(0, 200);
          }
        }),
      );
      const ok = Object.values(checks).every((v) => v === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
    },
  );
};
