import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getConsumerReport } from '@opencma/db';
import { z } from 'zod';
import type { RouteDeps } from '../deps';
import { notFound } from '../errors';
import { lookUpReportFor } from '../report-lookup';
import { errorBody, reportIdParam } from '../schemas';

/** Lifetime of a signed PDF download URL. */
export const PDF_URL_TTL_SECONDS = 300;

/**
 * The report's PDF. With S3/R2 storage: a 302 to a 5-minute signed URL (the bucket stays private;
 * the bytes never pass through the API). With the local folder: streamed from storage.
 */
export const reportPdfRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/v1/consumer-reports/:id/pdf',
    {
      schema: {
        summary: 'The report as a PDF (or a redirect to a short-lived signed URL)',
        tags: ['consumer-reports'],
        params: reportIdParam,
        response: {
          200: z.any().describe('application/pdf'),
          302: z.null().describe('Signed storage URL in Location'),
          404: errorBody,
          429: errorBody,
        },
      },
    },
    async (req, reply) => {
      const row = await lookUpReportFor(deps, req.ip, () => getConsumerReport(db, req.params.id));
      if (row?.pdf_status !== 'ready' || !row.pdf_key) throw notFound('PDF', 'pdf_not_found');
      reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
      if (deps.storage.signedUrl) {
        const url = await deps.storage.signedUrl(row.pdf_key, PDF_URL_TTL_SECONDS);
        return reply.redirect(url, 302);
      }
      const object = await deps.storage.get(row.pdf_key);
      if (!object) throw notFound('PDF', 'pdf_not_found');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="home-value-report.pdf"`)
        .send(object.body);
    },
  );
};
