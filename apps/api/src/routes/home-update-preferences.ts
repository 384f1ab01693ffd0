import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parseOwed } from '@opencma/core';
import {
  findHomeSubscriptionByToken,
  getConsumerReport,
  owedOnFileOf,
  updateHomeSubscriptionPreferences,
  type HomeUpdatePreferencesChange,
} from '@opencma/db';
import type { RouteDeps } from '../deps';
import { notFound, validationError } from '../errors';
import { lookUpReportFor } from '../report-lookup';
import {
  errorBody,
  homeUpdatePreferences,
  homeUpdatePreferencesSaved,
  owedValuesOf,
  unsubscribeTokenParam,
  updateHomeUpdatePreferencesBody,
} from '../schemas';

/**
 * The preferences of a value-update subscription, reached by its token (the link in every update;
 * issue #19, decision 0035): how often, what the homeowner owes (for the equity line) and, on the page,
 * unsubscribe. A GET changes nothing. A POST answers the same for an unknown token as for a known one
 * (as the unsubscribe does) and changes nothing then; bad input is a 400 that changes nothing.
 */
export const homeUpdatePreferenceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/v1/home-updates/preferences/:token',
    {
      schema: {
        summary: "A value-update subscription's preferences, by its token (a GET changes nothing)",
        tags: ['home-updates'],
        params: unsubscribeTokenParam,
        response: { 200: homeUpdatePreferences, 404: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      // a token is a capability like a report id: unknown ones count against the same per-client limit (decision 0017)
      const found = await lookUpReportFor(deps, req.ip, async () => {
        const sub = await findHomeSubscriptionByToken(db, req.params.token);
        const report = sub ? await getConsumerReport(db, sub.report_id) : null;
        return sub && report ? { sub, report } : null;
      });
      if (!found) throw notFound('Subscription', 'subscription_not_found');
      const { sub, report } = found;
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
      return { status: sub.status, frequency: sub.frequency, address: report.property_address, reportId: report.id, owed: owedOnFileOf(sub) };
    },
  );

  app.post(
    '/v1/home-updates/preferences/:token',
    {
      schema: {
        summary: "Change a value-update subscription's frequency or what the homeowner owes; an unknown token gets the same answer",
        tags: ['home-updates'],
        params: unsubscribeTokenParam,
        body: updateHomeUpdatePreferencesBody,
        response: { 200: homeUpdatePreferencesSaved, 400: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.events.consume(req.ip);
      const { frequency, forget_owed: forget } = req.body;
      const parsed = parseOwed(owedValuesOf(req.body), new Date().toISOString().slice(0, 10));
      const forgetting = forget === true || forget === 'on';
      if (forgetting && parsed.owed) throw validationError({ forget_owed: 'Untick “forget” to save a new amount, or clear the amount' });
      const change: HomeUpdatePreferencesChange = { frequency, ...(forgetting ? { owed: null } : parsed.owed ? { owed: parsed.owed } : {}) };
      const known = await updateHomeSubscriptionPreferences(db, req.params.token, change, new Date());
      if (known)
        req.log.info(
          { frequency: frequency ?? null, owed: change.owed === undefined ? 'kept' : change.owed ? 'given' : 'forgotten' },
          'home update preferences saved',
        );
      reply.header('cache-control', 'no-store');
      return { status: 'saved' as const };
    },
  );
};
