import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getConsumerReport } from '@opencma/db';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { errorBody, reportIdParam } from '../schemas';

/** The report's PDF, streamed from storage (the bucket itself stays private). */
export const reportPdfRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/v1/consumer-reports/:id/pdf',
    {
      schema: {
        summary: 'The report as a PDF',
        tags: ['consumer-reports'],
        params: reportIdParam,
        response: { 200: z.any().describe('application/pdf'), 404: errorBody },
      },
    },
    async (req, reply) => {
      const row = await getConsumerReport(db, req.params.id);
      if (!row || row.pdf_status !== 'ready' || !row.pdf_key) throw notFound('PDF', 'pdf_not_found');
      const object = await deps.storage.get(row.pdf_key);
      if (!object) throw notFound('PDF', 'pdf_not_found');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="home-value-report.pdf"`)
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex, nofollow')
        .send(object.body);
    },
  );
};
