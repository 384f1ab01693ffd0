import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAgentByCode, listAgentLeads } from '@opencma/db';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { agentCodeParam, errorBody } from '../schemas';

const activity = z.object({
  views: z.number(),
  sessions: z.number(),
  last_viewed_at: z.string().nullable(),
  device_types: z.array(z.enum(['mobile', 'tablet', 'desktop'])),
  pdf_downloads: z.number(),
  shares: z.number(),
  contact_taps: z.number(),
  max_duration_ms: z.number().nullable(),
  sections_viewed: z.array(z.string()),
});

const leadsResponse = z.object({
  agent_code: z.string(),
  leads: z.array(
    z.object({
      id: z.string(),
      report_url: z.string(),
      property_address: z.string(),
      consumer_phone: z.string(),
      status: z.string(),
      created_at: z.string(),
      completed_at: z.string().nullable(),
      estimate: z
        .object({ value: z.number(), low: z.number().nullable(), high: z.number().nullable(), confidence: z.string().nullable() })
        .nullable(),
      pdf_status: z.string(),
      views: z.number(),
      sessions: z.number(),
      last_viewed_at: z.string().nullable(),
      device_types: z.array(z.string()),
      pdf_downloads: z.number(),
      contact_taps: z.number(),
      activity,
    }),
  ),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return !!m && timingSafeEqual(digest(m[1]!), digest(expected));
}

/**
 * An agent's leads with each report's engagement (views, sessions, devices, PDF downloads, contact
 * taps). Behind ADMIN_TOKEN; without it the route answers 404 as if it did not exist.
 */
export const agentLeadsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/v1/agents/:agent_code/leads',
    {
      schema: {
        summary: "An agent's leads and how each report was viewed (admin token)",
        tags: ['agents'],
        params: agentCodeParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        security: [{ bearerAuth: [] }],
        response: { 200: leadsResponse, 401: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const token = deps.config.ADMIN_TOKEN;
      if (!token) throw notFound('Route');
      if (!bearerMatches(req.headers.authorization, token)) {
        throw new ApiError(401, 'unauthorized', 'A valid admin token is required.', undefined, { 'www-authenticate': 'Bearer' });
      }
      const owner = await findAgentByCode(deps.database.db, req.params.agent_code);
      if (!owner) throw notFound('Agent', 'agent_not_found');
      const leads = await listAgentLeads(deps.database.db, owner.agent.id, { limit: req.query.limit });
      reply.header('cache-control', 'no-store');
      return {
        agent_code: owner.agent.agent_code,
        leads: leads.map((l) => ({
          id: l.id,
          report_url: `${deps.config.publicBaseUrl}/r/${l.id}`,
          property_address: l.property_address,
          consumer_phone: l.consumer_phone,
          status: l.status,
          created_at: l.created_at,
          completed_at: l.completed_at,
          estimate: l.estimate,
          pdf_status: l.pdf_status,
          views: l.activity.views,
          sessions: l.activity.sessions,
          last_viewed_at: l.activity.last_viewed_at,
          device_types: l.activity.device_types,
          pdf_downloads: l.activity.pdf_downloads,
          contact_taps: l.activity.contact_taps,
          activity: l.activity,
        })),
      };
    },
  );
};
