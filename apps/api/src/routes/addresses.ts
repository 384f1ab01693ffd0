import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { createGooglePlaces } from '../places/google-places';
import { addressQuery, addressSuggestion, addressSuggestions, errorBody, placeIdQuery } from '../schemas';

/** Address autocomplete: Google Places when GOOGLE_MAPS_API_KEY is set, otherwise addresses the MLS knows. */
export const addressRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const google = createGooglePlaces(deps.config);
  const limit = deps.rateLimits.addressLookups;

  app.get(
    '/v1/addresses',
    {
      schema: {
        summary: 'Address suggestions for the landing-page autocomplete (Google Places or the MLS)',
        tags: ['addresses'],
        querystring: addressQuery,
        response: { 200: addressSuggestions, 400: errorBody, 429: errorBody },
      },
    },
    async (req) => {
      await limit.consume(req.ip);
      const { q } = req.query;
      const suggestions = google ? await google.suggest(q, req.query.limit) : await deps.suggestAddresses(q, req.query.limit);
      return { suggestions };
    },
  );

  app.get(
    '/v1/addresses/place',
    {
      schema: {
        summary: 'Details (street line, postal code, location) of a Google Places suggestion',
        tags: ['addresses'],
        querystring: placeIdQuery,
        response: { 200: addressSuggestion, 404: errorBody, 429: errorBody },
      },
    },
    async (req) => {
      await limit.consume(req.ip);
      const place = google ? await google.details(req.query.id) : null;
      if (!place) throw notFound('Place', 'place_not_found');
      return place;
    },
  );
};
