import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findTrackedHomeUpdate, recordHomeUpdateEngagement, type TrackedHomeUpdate } from '@opencma/db';
import { z } from 'zod';
import { machineReason } from '../analytics/mail-engagement';
import type { RouteDeps } from '../deps';
import { dispatchLeadEventSoon } from '../lead-events';

/** A transparent 1×1 GIF (43 bytes). */
export const TRACKING_PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The class of an error only: a database error's message carries the query's parameters (the token, links). */
const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);

/** Any string: a malformed token gets the same answer as an unknown one (never a 400 that tells them apart). */
const trackingToken = z.string().max(200);
const openParams = z.object({ token: trackingToken });
const clickParams = z.object({ token: trackingToken, link: z.string().max(200) });

/**
 * The open pixel and click-through links of the value-update e-mails (decision 0036). Every answer is
 * the same for unknown, forged or malformed tokens: the pixel, or a redirect to the site's home page,
 * with nothing recorded. A click redirects only to one of the links of this site the update itself
 * contained (stored with it, by index): never an open redirect. HEAD requests record nothing.
 */
export const homeUpdateTrackingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;
  const base = deps.config.publicBaseUrl;
  const home = `${base}/`;

  /** The token's update, or null (unknown, malformed, or the database failing: answered alike). */
  async function lookUp(token: string, log: FastifyBaseLogger): Promise<TrackedHomeUpdate | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    try {
      return await findTrackedHomeUpdate(db, token);
    } catch (err) {
      log.warn({ error: errorName(err) }, 'home update tracking lookup failed');
      return null;
    }
  }

  /**
   * Records a GET's open or click. Never fails the answer: over the per-update limit (one holder of the
   * link flooding it; per update, not per IP, since Gmail's image proxy fetches for many readers from few
   * addresses) or on a database error the homeowner still gets the pixel or their link.
   */
  async function record(update: TrackedHomeUpdate, kind: 'open' | 'click', req: FastifyRequest) {
    if (req.method !== 'GET') return;
    try {
      await deps.rateLimits.events.consume(`home-update:${update.id}`);
    } catch {
      return;
    }
    const at = new Date();
    const reason = machineReason({ kind, userAgent: req.headers['user-agent'], sentAt: update.sent_at ?? update.claimed_at, at });
    try {
      const eventId = await recordHomeUpdateEngagement(db, {
        updateId: update.id,
        reportId: update.report_id,
        kind,
        machine: reason !== null,
        at,
        seen: { opened: update.opened, clicked: update.clicked },
      });
      req.log.info({ home_update_id: update.id, kind, machine: reason }, 'home update engagement');
      await dispatchLeadEventSoon(deps.queue, req.log, eventId);
    } catch (err) {
      req.log.warn({ home_update_id: update.id, kind, error: errorName(err) }, 'home update engagement not recorded');
    }
  }

  app.get(
    '/v1/home-updates/open/:token',
    {
      schema: {
        summary: "A value update's open pixel: a 1×1 GIF, never cached; records the first open once (counts after)",
        description:
          'Unknown or malformed tokens get the same GIF and record nothing. Opens from mail privacy proxies and scanners are counted as machine opens (decision 0036).',
        tags: ['home-updates'],
        params: openParams,
        produces: ['image/gif'],
        response: { 200: z.any().meta({ description: 'A transparent 1×1 GIF (image/gif)' }) },
      },
    },
    async (req, reply) => {
      const update = await lookUp(req.params.token, req.log);
      if (update) await record(update, 'open', req);
      return reply
        .header('cache-control', 'no-store, no-cache, must-revalidate, max-age=0')
        .header('pragma', 'no-cache')
        .header('expires', '0')
        .header('x-robots-tag', 'noindex, nofollow')
        .type('image/gif')
        .send(TRACKING_PIXEL);
    },
  );

  app.get(
    '/v1/home-updates/click/:token/:link',
    {
      schema: {
        summary: "A value update's click-through: records the first click once, then redirects to the update's link",
        description:
          'Redirects (302) only to a link of this site that the update contained; an unknown token or link gets a redirect to the home page and records nothing.',
        tags: ['home-updates'],
        params: clickParams,
        response: { 302: z.null().meta({ description: 'To the link (Location)' }) },
      },
    },
    async (req, reply) => {
      const update = await lookUp(req.params.token, req.log);
      const index = /^\d{1,3}$/.test(req.params.link) ? Number(req.params.link) : -1;
      const target = update?.tracked_links[index];
      const own = typeof target === 'string' && target.startsWith(`${base}/`);
      if (update && own) await record(update, 'click', req);
      return reply
        .status(302)
        .header('location', own ? target : home)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex, nofollow')
        .send(null);
    },
  );
};
