/**
 * The outgoing webhooks in the OpenAPI description (3.1 `webhooks`): one entry per event type, each
 * a POST of the WebhookPayload schema with the Standard Webhooks headers.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, webhookPayload } from '@opencma/webhooks';

const SUMMARIES: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  'lead.created': 'A homeowner asked for a valuation (a new lead)',
  'report.completed': "The lead's report is ready",
  'report.failed': "The lead's report could not be made (the lead still stands)",
  'report.viewed': 'The homeowner opened the report (first view of each visit)',
  'lead.status_changed': 'The agent moved the lead in their pipeline',
  'cma.requested': 'The homeowner asked for a personal CMA',
  'lead.likely_to_sell': 'The homeowner crossed the "likely to sell" threshold (once per lead; data: score and reasons)',
};

const header = (name: string, description: string): OpenAPIV3_1.ParameterObject => ({
  name,
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description,
});

export function webhookOpenApi(): { schemas: Record<string, OpenAPIV3_1.SchemaObject>; webhooks: Record<string, OpenAPIV3_1.PathItemObject> } {
  const json = z.toJSONSchema(webhookPayload, { io: 'output' }) as { $defs: Record<string, OpenAPIV3_1.SchemaObject> };
  const post = (type: string, summary: string): OpenAPIV3_1.PathItemObject => ({
    post: {
      summary,
      description:
        `Sent to each enabled endpoint subscribed to ${type}. Signed per Standard Webhooks: verify webhook-signature ` +
        '(v1, HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" with the endpoint secret) with a Standard Webhooks ' +
        'library. Answer 2xx to accept; 429 (Retry-After honoured), 5xx and timeouts are retried with backoff for up to 24 h ' +
        'with the same webhook-id (dedupe on it); other answers fail the delivery. Redirects are not followed.',
      tags: ['webhooks'],
      parameters: [
        header('webhook-id', 'The delivery id: the same on every retry of this delivery'),
        header('webhook-timestamp', 'Unix seconds when this attempt was signed'),
        header('webhook-signature', 'v1,<base64 HMAC-SHA256>'),
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookPayload' } } } },
      responses: { '2XX': { description: 'Accepted' } },
    },
  });
  return {
    schemas: json.$defs,
    webhooks: Object.fromEntries(WEBHOOK_EVENT_TYPES.map((t) => [t, post(t, SUMMARIES[t])])),
  };
}
