import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

/** What the local Follow Up Boss stand-in received (development only: FUB_API_URL unset, not production). */
export const devOutboxFubRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/v1/dev/outbox/fub',
    { schema: { summary: 'Events the local Follow Up Boss stand-in received (development only)', tags: ['dev'] } },
    async () => {
      // Only the local stand-in has /dev/events: never ask a real Follow Up Boss (a 4xx, not a 5xx: nothing is broken).
      const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(deps.config.fubApiUrl).hostname);
      if (!local) throw new ApiError(404, 'fub_stand_in_unavailable', 'The local Follow Up Boss stand-in is not running in this process.');
      try {
        const res = await fetch(`${deps.config.fubApiUrl}/dev/events`, { signal: AbortSignal.timeout(5000) });
        if (!res.ok) throw new Error(`stand-in answered ${res.status}`);
        return await res.json();
      } catch {
        throw new ApiError(503, 'fub_stand_in_unavailable', 'The local Follow Up Boss stand-in is not running in this process.');
      }
    },
  );
};
