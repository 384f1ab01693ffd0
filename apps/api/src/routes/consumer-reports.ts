import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAgentById, getConsumerReport, toReportModel } from '@opencma/db';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { lookUpReportFor } from '../report-lookup';
import { acceptSubmission } from '../submissions';
import { createConsumerReportAccepted, createConsumerReportBody, errorBody, reportIdParam, reportModelResponse } from '../schemas';

/** Stands in for the owner of an unknown report, so its lookup costs what a known one does. */
const NO_AGENT_ID = '00000000-0000-0000-0000-000000000000';

export const pdfPath = (id: string) => `/v1/consumer-reports/${id}/pdf`;

export const consumerReportRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;
  const guards = { limits: deps.rateLimits.submissions, agents: deps.agents };

  app.post(
    '/v1/consumer-reports',
    {
      schema: {
        summary: 'Request a home valuation report for a consumer of an agent',
        tags: ['consumer-reports'],
        body: createConsumerReportBody,
        response: { 202: createConsumerReportAccepted, 400: errorBody, 404: errorBody, 429: errorBody, 503: errorBody },
      },
    },
    async (req, reply) => {
      const accepted = await acceptSubmission(deps, guards, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        log: req.log,
      });
      const id = accepted.report_id;
      // A repeat gets the existing report with the same 202 (and nothing is texted again).
      return reply.status(202).send({ report_id: id, status: accepted.status, status_url: `/v1/consumer-reports/${id}` });
    },
  );

  app.get(
    '/v1/consumer-reports/:id',
    {
      schema: {
        summary: 'A report: its status and, when completed, its content',
        tags: ['consumer-reports'],
        params: reportIdParam,
        response: { 200: reportModelResponse, 404: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      // the same two queries for an unknown id as for a known one (decision 0017)
      const found = await lookUpReportFor(deps, req.ip, async () => {
        const row = await getConsumerReport(db, req.params.id);
        const owner = await findAgentById(db, row?.agent_id ?? NO_AGENT_ID);
        return row && owner ? { row, owner } : null;
      });
      if (!found) throw notFound('Report', 'report_not_found');
      const { row, owner } = found;
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      return toReportModel(row, owner, { pdfUrl: pdfPath(row.id) });
    },
  );
};
