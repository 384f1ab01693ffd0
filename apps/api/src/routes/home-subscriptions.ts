import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  homeUpdateConsentDisclosure,
  homeUpdateSmsConsentDisclosure,
  maskedPhoneForPeople,
  parseOwed,
  timeZoneAt,
  type HomeUpdateConsentVersion,
  type HomeUpdateSmsConsentVersion,
} from '@opencma/core';
import {
  brokerageOf,
  createHomeSubscription,
  createHomeTextSubscription,
  findAgentById,
  getConsumerReport,
  isOptedOut,
  owedColumns,
  unsubscribeHomeSubscription,
} from '@opencma/db';
import type { RouteDeps } from '../deps';
import { ApiError, notFound } from '../errors';
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
  // urlencoded forms (the report page's before they posted to the web app; still answered with a 303);
  // one-click unsubscribes post List-Unsubscribe=One-Click
  await app.register(formbody);

  app.post(
    '/v1/consumer-reports/:id/subscriptions',
    {
      schema: {
        summary: "Subscribe to updates of the report's home value by e-mail, by text or both (each its own express consent)",
        description:
          "JSON gets 201. A form posted as application/x-www-form-urlencoded gets a 303 back to the report (kept for compatibility: the report page's forms now post to the web app's own page, POST /r/{id}, which sends JSON here and answers a refused form as HTML). Texts go only to the number the report was requested with, between 08:00 and 20:00 in the home's time zone (decision 0034). Subscribing again while subscribed keeps the first subscription. 409 `sms_opted_out`: the number replied STOP.",
        tags: ['home-updates'],
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        params: reportIdParam,
        body: createHomeSubscriptionBody,
        response: {
          201: homeSubscriptionCreated,
          303: z.null().meta({ description: 'A urlencoded form: back to the report page (Location)' }),
          400: errorBody,
          404: errorBody,
          409: errorBody,
          429: errorBody,
        },
      },
    },
    async (req, reply) => {
      await deps.rateLimits.submissions.consume('ip', req.ip);
      const report = await getConsumerReport(db, req.params.id);
      const owner = report ? await findAgentById(db, report.agent_id) : null;
      if (!report || !owner) throw notFound('Report', 'report_not_found');
      const { channel } = req.body;
      const party = { agentName: owner.agent.name, brokerage: brokerageOf(owner) };
      const consentOf = { consent_at: new Date(), consent_ip: req.ip, consent_user_agent: req.headers['user-agent'] ?? null };
      const textsTo = channel === 'email' ? null : report.consumer_phone;
      // a number that replied STOP cannot be texted (the carrier blocks it too) until it replies START
      if (textsTo && (await isOptedOut(db, textsTo))) {
        throw new ApiError(409, 'sms_opted_out', 'This number replied STOP to our texts. Reply START to it first, or choose e-mail.');
      }
      const channels: Array<'email' | 'sms'> = [];
      if (channel !== 'sms' && req.body.email) {
        const version = Number(req.body.consent_version) as HomeUpdateConsentVersion;
        // what they owe, only when they chose to give it (decision 0035); the schema has validated it
        const { owed } = parseOwed(owedValuesOf(req.body), new Date().toISOString().slice(0, 10));
        const sub = await createHomeSubscription(db, {
          report_id: report.id,
          agent_id: report.agent_id,
          email: req.body.email,
          frequency: req.body.frequency,
          consent_version: version,
          consent_text: homeUpdateConsentDisclosure(version, party),
          ...consentOf,
          ...(owed ? owedColumns(owed) : {}),
        });
        channels.push('email');
        req.log.info({ report_id: report.id, subscription_id: sub.id, channel: 'email' }, 'home updates subscribed');
      }
      if (textsTo) {
        // texts go only to the number the report was requested with; the disclosure names it masked
        const version = Number(req.body.sms_consent_version) as HomeUpdateSmsConsentVersion;
        const sub = await createHomeTextSubscription(db, {
          report_id: report.id,
          agent_id: report.agent_id,
          phone: textsTo,
          time_zone: timeZoneAt(report.subject?.latitude ?? report.place?.latitude, report.subject?.longitude ?? report.place?.longitude),
          frequency: req.body.frequency,
          consent_version: version,
          consent_text: homeUpdateSmsConsentDisclosure(version, { ...party, maskedPhone: maskedPhoneForPeople(textsTo) }),
          ...consentOf,
        });
        channels.push('sms');
        req.log.info({ report_id: report.id, subscription_id: sub.id, channel: 'sms', time_zone: sub.time_zone }, 'home updates subscribed');
      }
      if (isForm(req.headers['content-type'])) {
        return reply
          .status(303)
          .header('location', `/r/${encodeURIComponent(report.id)}?subscribed=1#updates`)
          .send(null);
      }
      return reply.status(201).send({ status: 'active', frequency: req.body.frequency, channels });
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
