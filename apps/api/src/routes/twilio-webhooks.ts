import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { endHomeTextSubscriptions, isOptedOut, recordOptOut, recordSmsDeliveryStatus, removeOptOut } from '@opencma/db';
import { classifyReply, validateTwilioSignature } from '@opencma/sms';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { errorBody } from '../schemas';

const statusCallbackBody = z.looseObject({
  MessageSid: z.string().min(2).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
});

/** `sms`: the sms_logs id the worker put in this message's StatusCallback URL. */
const statusCallbackQuery = z.object({
  sms: z.uuid().optional().describe('The sms_logs id of the message (set by the worker in its StatusCallback URL).'),
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

  /** Twilio signs the URL it was given, query string included (the per-message `?sms=` handle). */
  const requestedUrl = (req: FastifyRequest, configured: string) => {
    const i = req.url.indexOf('?');
    return i < 0 ? configured : `${configured.split('?')[0]}${req.url.slice(i)}`;
  };
  const verify = (req: FastifyRequest, configured: string) => {
    const url = requestedUrl(req, configured);
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
        description:
          'Each (MessageSid, MessageStatus) event is stored once and applied to its sms_logs row; statuses never move backwards. ' +
          'A callback for a SID not recorded yet is kept and applied when the worker records the SID. The optional `sms` query ' +
          'parameter (set by the worker in each StatusCallback URL) names the sms_logs row, so a callback can resolve a send whose ' +
          'answer was lost. ErrorCode 21610 (unsubscribed) records an opt-out. Always 204 for a valid signature.',
        tags: ['webhooks'],
        consumes: ['application/x-www-form-urlencoded'],
        querystring: statusCallbackQuery,
        body: statusCallbackBody,
        response: { 204: z.null(), 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      verify(req, statusUrl);
      const { result, duplicate } = await recordSmsDeliveryStatus(deps.database.db, {
        providerMessageId: req.body.MessageSid,
        status: req.body.MessageStatus,
        errorCode: req.body.ErrorCode ?? null,
        smsLogId: req.query.sms ?? null,
      });
      req.log.info({ message_sid: req.body.MessageSid, status: req.body.MessageStatus, result, duplicate }, 'sms status callback');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/webhooks/twilio/inbound',
    {
      schema: {
        summary: 'Twilio inbound message: an opt-out reply opts a number out of our texts, START back in',
        description:
          "Opt-out: Twilio's keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE) anywhere in a reply of up to 8 words, " +
          'or an unmistakable phrase in any reply ("stop texting me", "please stop", "do not text me", "remove me", "opt out"). ' +
          'Opt-in: a reply that is only START, UNSTOP, YES or OPTIN. An opt-out also ends the number’s value updates by text; an opt-in does not renew them (they need a new consent).',
        tags: ['webhooks'],
        consumes: ['application/x-www-form-urlencoded'],
        body: inboundBody,
        response: { 200: z.string(), 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      verify(req, inboundUrl);
      const intent = classifyReply(req.body.Body);
      if (intent === 'opt_out') {
        await recordOptOut(deps.database.db, req.body.From, req.body.Body.trim().slice(0, 160));
        // STOP also ends the number's value updates by text (decision 0034); START does not renew them
        await endHomeTextSubscriptions(deps.database.db, req.body.From, new Date());
      } else if (intent === 'opt_in' && (await isOptedOut(deps.database.db, req.body.From))) await removeOptOut(deps.database.db, req.body.From);
      req.log.info({ intent }, 'sms inbound reply');
      return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    },
  );
};
