import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getConsumerReport, insertReportEvent, REPORT_EVENT_TYPES } from '@opencma/db';
import { z } from 'zod';
import { isSignedInAgent } from '../agent-auth/identity';
import { parseUserAgent } from '../analytics/user-agent';
import { dispatchLeadEventSoon } from '../lead-events';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { lookUpReportFor } from '../report-lookup';
import { errorBody, reportIdParam } from '../schemas';
import { agentLeadsRoutes } from './agent-leads';

const token = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'Letters, digits, "_", "-", ".", ":" only')
    .max(max);

export const reportEventBody = z.object({
  type: z.enum(REPORT_EVENT_TYPES),
  session_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a session id'),
  /** section_view: which section came into view (e.g. "comps"). */
  section: token(40).optional(),
  /** share: "web_share" | "copy_link"; contact_tap: "call" | "text" | "email". */
  channel: token(32).optional(),
  /** heartbeat: time on page so far in this session. */
  duration_ms: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .optional(),
  referrer: z.string().max(2000).optional(),
});

/** Only the origin of a referrer is kept: a full URL can carry someone else's tokens. */
function referrerOrigin(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Public analytics of a report page: views, sections seen, time on page, PDF downloads, shares and
 * taps on the agent's contact buttons. The User-Agent gives device type, browser and OS; bots are
 * answered like everyone else but not recorded. sendBeacon posts text/plain, so JSON is accepted
 * under that type too (in this plugin only).
 */
export const reportEventsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;
  const eventLimit = deps.rateLimits.events;

  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const err = new Error('Body is not JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  app.post(
    '/v1/consumer-reports/:id/events',
    {
      bodyLimit: 4096,
      schema: {
        summary: 'Record an analytics event of a report page',
        tags: ['consumer-reports'],
        params: reportIdParam,
        body: reportEventBody,
        response: { 204: z.null().describe('Recorded (or ignored: a bot, or a signed-in agent)'), 400: errorBody, 404: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const ua = parseUserAgent(req.headers['user-agent']);
      const row = await lookUpReportFor(deps, req.ip, () => getConsumerReport(db, req.params.id));
      if (!row) throw notFound('Report', 'report_not_found');
      // bots, and agents signed in to the workspace (their looks are not the homeowner's engagement), are answered alike and not recorded
      if (ua.bot || (await isSignedInAgent(db, req))) return reply.status(204).send(null);
      await eventLimit.consume(`${req.ip}|${row.id}`);
      const b = req.body;
      const detail: Record<string, string> = {};
      if (b.section) detail.section = b.section;
      if (b.channel) detail.channel = b.channel;
      const leadEventIds = await insertReportEvent(db, {
        report_id: row.id,
        event_type: b.type,
        session_id: b.session_id,
        device_type: ua.deviceType,
        browser: ua.browser,
        os: ua.os,
        referrer: referrerOrigin(b.referrer),
        duration_ms: b.duration_ms ?? null,
        detail: Object.keys(detail).length ? detail : null,
      });
      for (const id of leadEventIds) await dispatchLeadEventSoon(deps.queue, req.log, id);
      return reply.status(204).send(null);
    },
  );

  await app.register(agentLeadsRoutes, deps);
};
