import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { homeUpdateConsentDisclosure, parseOwed, type HomeUpdateConsentVersion } from '@opencma/core';
import { brokerageOf, createHomeSubscription, findAgentById, getConsumerReport, owedColumns, unsubscribeHomeSubscription } from '@opencma/db';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { unsubscribePage } from '../home-update-pages';
import {
  createHomeSubscriptionBody,
  errorBody,
  homeSubscriptionCreated,
  owedValuesOf,
  reportIdParam,
  unsubscribed,
  unsubscribeTokenParam,
} from '../schemas';

const isForm = (contentType: string | undefined) => /^application\/x-www-form-urlencoded\b/i.test(contentType ?? '');

/**
 * Recurring home-value e-mails (decision 0028): the opt-in on the report page and the unsubscribe
 * endpoints every e-mail links to (RFC 8058 one-click POST; a GET only shows a button, since mail
 * scanners follow links).
 */
export const homeSubscriptionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;
  // the report page's form posts without JavaScript; one-click unsubscribes post List-Unsubscribe=One-Click
  await app.register(formbody);

  app.post(
    '/v1/consumer-reports/:id/subscriptions',
    {
      schema: {
        summary: "Subscribe an e-mail address to updates of the report's home value (its own express consent)",
        description:
          "JSON gets 201; the report page's form posted without JavaScript (application/x-www-form-urlencoded) gets a 303 back to the report. Subscribing again while subscribed keeps the first subscription.",
        tags: ['home-updates'],
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        params: reportIdParam,
        body: createHomeSubscriptionBody,
        response: {
          201: homeSubscriptionCreated,
          303: z.null().meta({ description: 'The form without JavaScript: back to the report page (Location)' }),
          400: errorBody,
          404: errorBody,
          429: errorBody,
        },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.submissions.consume('ip', req.ip);
      const report = await getConsumerReport(db, req.params.id);
      const owner = report ? await findAgentById(db, report.agent_id) : null;
      if (!report || !owner) throw notFound('Report', 'report_not_found');
      const version = Number(req.body.consent_version) as HomeUpdateConsentVersion;
      // what they owe, only when they chose to give it (decision 0035); the schema has validated it
      const { owed } = parseOwed(owedValuesOf(req.body), new Date().toISOString().slice(0, 10));
      const sub = await createHomeSubscription(db, {
        report_id: report.id,
        agent_id: report.agent_id,
        email: req.body.email,
        frequency: req.body.frequency,
        consent_version: version,
        consent_text: homeUpdateConsentDisclosure(version, { agentName: owner.agent.name, brokerage: brokerageOf(owner) }),
        consent_at: new Date(),
        consent_ip: req.ip,
        consent_user_agent: req.headers['user-agent'] ?? null,
        ...(owed ? owedColumns(owed) : {}),
      });
      req.log.info({ report_id: report.id, subscription_id: sub.id }, 'home updates subscribed');
      if (isForm(req.headers['content-type'])) {
        return reply
          .status(303)
          .header('location', `/r/${encodeURIComponent(report.id)}?subscribed=1#updates`)
          .send(null);
      }
      return reply.status(201).send({ status: 'active', frequency: sub.frequency });
    },
  );

  const unsubscribeUrl = (token: string) => `/v1/home-updates/unsubscribe/${encodeURIComponent(token)}`;

  app.get(
    '/v1/home-updates/unsubscribe/:token',
    {
      schema: {
        summary: 'The unsubscribe and preferences page of an update e-mail: a button that POSTs (a GET changes nothing)',
        tags: ['home-updates'],
        params: unsubscribeTokenParam,
        produces: ['text/html'],
        response: { 200: z.string().meta({ description: 'An HTML page with an Unsubscribe button (POST)' }) },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.events.consume(req.ip);
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
      return reply.type('text/html; charset=utf-8').send(unsubscribePage({ action: unsubscribeUrl(req.params.token), done: false }));
    },
  );

  app.post(
    '/v1/home-updates/unsubscribe/:token',
    {
      schema: {
        summary: 'One-click unsubscribe (RFC 8058): idempotent; an unknown token gets the same answer',
        tags: ['home-updates'],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        params: unsubscribeTokenParam,
        response: { 200: unsubscribed },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.events.consume(req.ip);
      const known = await unsubscribeHomeSubscription(db, req.params.token, new Date());
      if (known) req.log.info('home updates unsubscribed');
      reply.header('cache-control', 'no-store');
      // the page's button (a browser) gets a page; a mail client's one-click POST gets JSON
      if (/text\/html/.test(req.headers.accept ?? '')) {
        return reply.type('text/html; charset=utf-8').send(unsubscribePage({ action: unsubscribeUrl(req.params.token), done: true }) as never);
      }
      return reply.status(200).send({ status: 'unsubscribed' });
    },
  );
};
