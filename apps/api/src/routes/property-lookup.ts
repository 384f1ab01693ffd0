import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../deps';
import { errorBody, propertyLookupQuery, propertyLookupResponse } from '../schemas';

/** The MLS facts of a home, for the consumer to confirm or correct before submitting. */
export const propertyLookupRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const limit = deps.rateLimits.propertyLookups;
  app.get(
    '/v1/properties/lookup',
    {
      schema: {
        summary: 'Beds, baths, square feet and year built of a home, when the MLS knows it',
        tags: ['addresses'],
        querystring: propertyLookupQuery,
        response: { 200: propertyLookupResponse, 400: errorBody, 429: errorBody },
      },
    },
    async (req) => {
      await limit.consume(req.ip);
      const { address, mlsId, postalCode } = req.query;
      const found = await deps.findSubject?.({ address, mlsId: mlsId || null, postalCode: postalCode || null });
      const property = found
        ? { address: found.address, bedrooms: found.bedrooms, bathrooms: found.bathrooms, sqftLiving: found.sqftLiving, yearBuilt: found.yearBuilt }
        : null;
      return { property };
    },
  );
};
