import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { addressQuery, addressSuggestions, errorBody } from '../schemas';

export const addressRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/v1/addresses',
    {
      schema: {
        summary: 'Address suggestions for the landing-page autocomplete (from the MLS)',
        tags: ['addresses'],
        querystring: addressQuery,
        response: { 200: addressSuggestions, 400: errorBody },
      },
    },
    async (req) => {
      const suggestions = await deps.suggestAddresses(req.query.q, req.query.limit);
      return { suggestions };
    },
  );
};
