import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '@opencma/webhooks';

/**
 * Webhook endpoints as agents and operators enter them (agent API, admin API, `npm run agents`).
 * The URL's shape is checked here; whether its host is allowed (https, public addresses after DNS)
 * is checked by the route with checkWebhookUrl, which needs DNS and the operator's allow-list.
 */
const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `Choose from ${WEBHOOK_EVENT_TYPES.join(', ')}.` }))
  .min(1, 'Choose at least one event.')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

const description = z.string().trim().max(200).nullable();

export const webhookEndpointInput = z.strictObject({
  url: z
    .string({ error: 'Enter the URL to POST events to.' })
    .trim()
    .min(1, 'Enter the URL to POST events to.')
    .max(2000, 'At most 2000 characters.'),
  /** Default: every event type. */
  event_types: eventTypes.optional(),
  description: description.optional(),
  /** Whose endpoint: the agent's own (default) or, for a brokerage admin, the brokerage's (every agent's leads). */
  owner: z.enum(['agent', 'account']).default('agent'),
});

export const webhookEndpointPatch = z
  .strictObject({
    enabled: z.boolean().optional(),
    event_types: eventTypes.optional(),
    description: description.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change.');
