import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAgentById, findAgentByCode, getConsumerReport, insertConsumerReport, toReportModel } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT, type ProcessConsumerReportJob } from '@opencma/queue';
import type { ApiDeps } from '../deps';
import { ApiError, notFound, validationError } from '../errors';
import { maskPhone, normalizeConsumerPhone } from '../phone';
import { createConsumerReportAccepted, createConsumerReportBody, errorBody, reportIdParam, reportModelResponse } from '../schemas';

export const pdfPath = (id: string) => `/v1/consumer-reports/${id}/pdf`;

export const consumerReportRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/v1/consumer-reports',
    {
      schema: {
        summary: 'Request a home valuation report for a consumer of an agent',
        tags: ['consumer-reports'],
        body: createConsumerReportBody,
        response: { 202: createConsumerReportAccepted, 400: errorBody, 404: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (body.website) throw new ApiError(400, 'rejected', 'This submission could not be accepted.');
      const phone = normalizeConsumerPhone(body.phone, deps.config.ALLOWED_COUNTRIES);
      if (!phone.ok) throw validationError({ phone: phone.message });
      const owner = await findAgentByCode(db, body.agent_code);
      if (!owner) throw notFound('Agent', 'agent_not_found');

      const report = await insertConsumerReport(db, {
        agent_id: owner.agent.id,
        consumer_phone: phone.e164,
        property_address: body.address,
        place: body.place ?? null,
        consent_text: body.consent_text,
        consent_at: new Date(),
        consent_ip: req.ip,
        consent_user_agent: req.headers['user-agent'] ?? null,
        consent_page_url: body.page_url ?? null,
      });
      req.log.info({ report_id: report.id, agent_code: owner.agent.agent_code, phone: maskPhone(phone.e164) }, 'consumer report accepted');
      try {
        await deps.queue.enqueue<ProcessConsumerReportJob>(PROCESS_CONSUMER_REPORT, { report_id: report.id }, { dedupeKey: report.id });
      } catch (err) {
        // The row is stored; the sweeper re-enqueues pending reports, so the submission is not lost.
        req.log.error({ err, report_id: report.id }, 'enqueue failed; report left pending for the sweeper');
      }
      return reply.status(202).send({ report_id: report.id, status: 'pending', status_url: `/v1/consumer-reports/${report.id}` });
    },
  );

  app.get(
    '/v1/consumer-reports/:id',
    {
      schema: {
        summary: 'A report: its status and, when completed, its content',
        tags: ['consumer-reports'],
        params: reportIdParam,
        response: { 200: reportModelResponse, 404: errorBody },
      },
    },
    async (req, reply) => {
      const row = await getConsumerReport(db, req.params.id);
      if (!row) throw notFound('Report', 'report_not_found');
      const owner = await findAgentById(db, row.agent_id);
      if (!owner) throw notFound('Report', 'report_not_found');
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      return toReportModel(row, owner, { pdfUrl: pdfPath(row.id) });
    },
  );
};
