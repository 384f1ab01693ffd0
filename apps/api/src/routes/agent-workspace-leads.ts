import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addScopedLeadNote,
  findScopedLead,
  LEAD_STATUSES,
  listDeliveriesForReport,
  listScopedLeads,
  setScopedLeadStatus,
  type LeadSummary,
} from '@opencma/db';
import { REPORT_FAILURE_CODES } from '@opencma/core';
import { z } from 'zod';
import { agentAuth, identityOf, leadScopeOf } from '../agent-auth/identity';
import { leadsCsv } from '../agent-auth/leads-csv';
import type { AgentRouteDeps } from '../deps';
import { dispatchLeadEventSoon } from '../lead-events';
import { ApiError } from '../errors';
import { errorBody, reportIdParam } from '../schemas';

const STATUS_PROBLEM = `Status must be one of: ${LEAD_STATUSES.join(', ')}.`;
const leadStatus = z.enum(LEAD_STATUSES, { error: STATUS_PROBLEM });

const activity = z.object({
  views: z.number(),
  sessions: z.number(),
  last_viewed_at: z.string().nullable(),
  device_types: z.array(z.string()),
  pdf_downloads: z.number(),
  shares: z.number(),
  contact_taps: z.number(),
  cma_requested_at: z.string().nullable().describe('When the homeowner asked for an exact price (a personal CMA or a visit); null: not yet'),
  max_duration_ms: z.number().nullable(),
  sections_viewed: z.array(z.string()),
});

const leadSummary = z
  .object({
    id: z.string(),
    report_url: z.string(),
    agent_id: z.string(),
    agent_name: z.string(),
    property_address: z.string(),
    consumer_phone: z.string(),
    status: z.string(),
    lead_status: leadStatus,
    created_at: z.string(),
    completed_at: z.string().nullable(),
    estimate: z.object({ value: z.number(), low: z.number().nullable(), high: z.number().nullable(), confidence: z.string().nullable() }).nullable(),
    pdf_status: z.string(),
    needs_personal_valuation: z
      .boolean()
      .describe('No instant estimate was possible (the address could not be located): the homeowner expects a personal valuation'),
    activity,
    hot: z.boolean().describe('The homeowner came back or spent a minute or more on the report'),
    likely_to_sell_at: z
      .string()
      .nullable()
      .describe(
        'When the homeowner\'s actions crossed the "likely to sell" threshold (decision 0029; alerted once as lead.likely_to_sell); null: not yet',
      ),
  })
  .meta({ id: 'AgentLead' });

const leadDetail = leadSummary
  .extend({
    failure_reason: z.string().nullable(),
    failure_code: z.enum(REPORT_FAILURE_CODES).nullable(),
    consent: z.object({
      text: z.string(),
      text_sha256: z.string(),
      at: z.string(),
      ip: z.string().nullable(),
      user_agent: z.string().nullable(),
      page_url: z.string().nullable(),
    }),
    lead_status_at: z.string().nullable(),
    events: z.array(
      z.object({
        type: z.string(),
        at: z.string(),
        session_id: z.string().nullable(),
        device_type: z.string().nullable(),
        browser: z.string().nullable(),
        os: z.string().nullable(),
        referrer: z.string().nullable(),
        duration_ms: z.number().nullable(),
        detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
      }),
    ),
    texts: z.array(
      z.object({
        recipient_role: z.string(),
        status: z.string(),
        error_code: z.string().nullable(),
        error_message: z.string().nullable(),
        created_at: z.string(),
        sent_at: z.string().nullable(),
        updated_at: z.string(),
        digest: z
          .object({ status: z.string(), sent_at: z.string().nullable() })
          .nullable()
          .describe('A lead alert past AGENT_ALERTS_PER_HOUR (status `in_digest` or `digested`): the hourly digest text that covered it, once built'),
      }),
    ),
    notes: z.array(note()),
    updates: z
      .array(
        z.object({
          id: z.string(),
          period: z.string().describe("The update's month, e.g. 2015-05"),
          channel: z.enum(['email', 'sms']).describe('By e-mail, or by text to the number the report was requested with'),
          email: z
            .string()
            .nullable()
            .describe('The address it went to (the homeowner gave it to this agent when subscribing); null for a text update'),
          status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown']).describe('unknown: the sender stopped mid-send; never sent again'),
          created_at: z.string(),
          sent_at: z.string().nullable(),
          opened_at: z.string().nullable().describe("The homeowner's first open (the pixel, or a click-through); null: not seen"),
          open_count: z.number(),
          machine_opened_at: z
            .string()
            .nullable()
            .describe('First open by a machine (a mail privacy proxy prefetching images, a link scanner): not counted as the homeowner'),
          machine_open_count: z.number(),
          clicked_at: z.string().nullable().describe("The homeowner's first click-through to this site"),
          click_count: z.number(),
          machine_click_count: z.number(),
        }),
      )
      .describe("The homeowner's value updates (decision 0036), oldest first: delivery, opens and clicks"),
    deliveries: z
      .array(
        z.object({
          id: z.string(),
          event_type: z.string().describe('The lead event delivered (lead.created, report.completed, …)'),
          channel: z.enum(['email', 'webhook', 'fub']),
          destination: z.string().describe('E-mail address, webhook endpoint id or Follow Up Boss connection id'),
          status: z.enum(['pending', 'sending', 'sent', 'retrying', 'failed', 'unknown']),
          attempts: z.number(),
          response_status: z.number().nullable(),
          last_error: z.string().nullable(),
          next_attempt_at: z.string().nullable(),
          sent_at: z.string().nullable(),
          created_at: z.string(),
          updated_at: z.string(),
        }),
      )
      .describe('Everything sent about this lead on the delivery channels (e-mail, webhooks, CRM), oldest first'),
  })
  .meta({ id: 'AgentLeadDetail' });

function note() {
  return z.object({ id: z.string(), body: z.string(), author_name: z.string(), created_at: z.string() });
}

export const leadListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: leadStatus.optional(),
  report_status: z
    .enum(['pending', 'processing', 'completed', 'failed'], { error: 'Report status must be pending, processing, completed or failed.' })
    .optional(),
  after: z.iso.datetime({ offset: true, error: 'after must be an ISO date-time' }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(25),
  scope: z.enum(['mine', 'account']).default('mine').describe('account: every lead of the account (account admins only)'),
});

const notFoundLead = () => new ApiError(404, 'lead_not_found', 'Lead not found');
const security = [{ agentSession: [] }];

/**
 * The signed-in agent's leads (an account admin's: with scope=account, the account's). A lead that
 * is not theirs answers exactly like one that does not exist (404 lead_not_found).
 */
export const agentWorkspaceLeadRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });
  const withUrl = <L extends LeadSummary>(l: L) => ({ ...l, report_url: `${deps.config.publicBaseUrl}/r/${l.id}` });

  app.get(
    '/v1/agent/leads',
    {
      schema: {
        summary: "The signed-in agent's leads, newest first, with engagement",
        tags: ['agent'],
        security,
        querystring: leadListQuery,
        response: {
          200: z.object({ leads: z.array(leadSummary), total: z.number(), page: z.number(), page_size: z.number() }),
          400: errorBody,
          401: errorBody,
        },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const q = req.query;
      const scope = leadScopeOf(identityOf(req), q.scope === 'account');
      const { leads, total } = await listScopedLeads(db, scope, {
        q: q.q,
        lead_status: q.status,
        report_status: q.report_status,
        after: q.after ? new Date(q.after) : undefined,
        page: q.page,
        pageSize: q.page_size,
      });
      reply.header('cache-control', 'no-store');
      return { leads: leads.map(withUrl), total, page: q.page, page_size: q.page_size };
    },
  );

  app.get(
    '/v1/agent/leads.csv',
    {
      schema: {
        summary: 'The leads as CSV (same filters, up to 10,000 rows)',
        tags: ['agent'],
        security,
        querystring: leadListQuery.omit({ page: true, page_size: true }),
        produces: ['text/csv'],
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const q = req.query;
      const scope = leadScopeOf(identityOf(req), q.scope === 'account');
      const { leads } = await listScopedLeads(db, scope, { q: q.q, lead_status: q.status, report_status: q.report_status, pageSize: 10_000 });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="leads.csv"')
        .header('cache-control', 'no-store');
      return leadsCsv(leads.map(withUrl));
    },
  );

  app.get(
    '/v1/agent/leads/:id',
    {
      schema: {
        summary: 'One lead: timeline, consent record, texts, notes, pipeline status',
        tags: ['agent'],
        security,
        params: reportIdParam,
        response: { 200: leadDetail, 401: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const scope = leadScopeOf(identityOf(req), true);
      const [lead, deliveries] = await Promise.all([findScopedLead(db, scope, req.params.id), listDeliveriesForReport(db, scope, req.params.id)]);
      if (!lead) throw notFoundLead();
      reply.header('cache-control', 'no-store');
      return { ...withUrl(lead), deliveries: deliveries.map(({ report_id: _report, ...d }) => d) };
    },
  );

  app.patch(
    '/v1/agent/leads/:id',
    {
      schema: {
        summary: 'Set the pipeline status of a lead',
        tags: ['agent'],
        security,
        params: reportIdParam,
        body: z.object({ lead_status: leadStatus }),
        response: { 200: z.object({ id: z.string(), lead_status: leadStatus }), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const changed = await setScopedLeadStatus(db, leadScopeOf(identityOf(req), true), req.params.id, req.body.lead_status);
      if (!changed.found) throw notFoundLead();
      await dispatchLeadEventSoon(deps.queue, req.log, changed.eventId);
      return { id: req.params.id, lead_status: req.body.lead_status };
    },
  );

  app.post(
    '/v1/agent/leads/:id/notes',
    {
      schema: {
        summary: 'Add a note to a lead',
        tags: ['agent'],
        security,
        params: reportIdParam,
        body: z.object({
          body: z.string({ error: 'Write a note first.' }).trim().min(1, 'Write a note first.').max(4000, 'A note holds at most 4,000 characters.'),
        }),
        response: { 201: note(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      const added = await addScopedLeadNote(db, leadScopeOf(identityOf(req), true), req.params.id, req.body.body);
      if (!added) throw notFoundLead();
      return reply.status(201).send(added);
    },
  );
};
