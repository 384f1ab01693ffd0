import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { isOptedOut, recordOptOut, recordSmsDeliveryStatus, removeOptOut } from '@opencma/db';
import { validateTwilioSignature } from '@opencma/sms';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { errorBody } from '../schemas';

/** Twilio's opt-out and opt-in keywords (Advanced Opt-Out defaults). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);

const statusCallbackBody = z.looseObject({
  MessageSid: z.string().min(2).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
});

const inboundBody = z.looseObject({
  From: z.string().min(2).max(32),
  Body: z.string().max(1600).default(''),
});

/**
 * Twilio webhooks: delivery-status callbacks and inbound messages (STOP/START). Every request must
 * carry a valid X-Twilio-Signature for the public URL Twilio was given.
 */
export const twilioWebhookRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const authToken = deps.config.TWILIO_AUTH_TOKEN;
  const statusUrl = deps.config.twilioStatusCallbackUrl;
  if (!authToken || !statusUrl) return;
  const inboundUrl = statusUrl.replace(/\/status$/, '/inbound');
  await app.register(formbody);

  const verify = (req: FastifyRequest, url: string) => {
    const signature = req.headers['x-twilio-signature'];
    const params = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    if (typeof signature !== 'string' || !validateTwilioSignature({ authToken, url, params, signature })) {
      req.log.warn('rejected twilio webhook with a bad signature');
      throw new ApiError(403, 'invalid_signature', 'Request signature is not valid.');
    }
  };

  app.post(
    '/v1/webhooks/twilio/status',
    {
      schema: {
        summary: 'Twilio delivery-status callback (signature checked)',
        tags: ['webhooks'],
        consumes: ['application/x-www-form-urlencoded'],
        body: statusCallbackBody,
        response: { 204: z.null(), 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      verify(req, statusUrl);
      const result = await recordSmsDeliveryStatus(deps.database.db, {
        providerMessageId: req.body.MessageSid,
        status: req.body.MessageStatus,
        errorCode: req.body.ErrorCode ?? null,
      });
      req.log.info({ message_sid: req.body.MessageSid, status: req.body.MessageStatus, result }, 'sms status callback');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/webhooks/twilio/inbound',
    {
      schema: {
        summary: 'Twilio inbound message: STOP opts a number out of our texts, START back in',
        tags: ['webhooks'],
        consumes: ['application/x-www-form-urlencoded'],
        body: inboundBody,
        response: { 200: z.string(), 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      verify(req, inboundUrl);
      const word = req.body.Body.trim().toUpperCase();
      if (STOP_WORDS.has(word)) await recordOptOut(deps.database.db, req.body.From, word);
      else if (START_WORDS.has(word) && (await isOptedOut(deps.database.db, req.body.From))) await removeOptOut(deps.database.db, req.body.From);
      return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    },
  );
};
