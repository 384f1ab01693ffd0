import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import { apiProxyTrust } from '@opencma/config/proxy-trust';
import { redactReportIds } from '@opencma/db';
import { createOutboxSender } from '@opencma/sms';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createRateLimits } from './abuse/rate-limits';
import { createAgentLookup } from './agent-lookup';
import type { ApiDeps, RouteDeps } from './deps';
import { controlCharacterFields } from './control-characters';
import { frameworkErrorHandler, registerErrorHandling, validationError } from './errors';
import { adminHomeUpdateRoutes } from './routes/admin-home-updates';
import { adminQueueRoutes } from './routes/admin-queue';
import { adminSmsRoutes } from './routes/admin-sms';
import { adminWebhookRoutes } from './routes/admin-webhooks';
import { addressRoutes } from './routes/addresses';
import { adminRoutes } from './routes/admin';
import { adminFubRoutes } from './routes/admin-fub';
import { agentAccountRoutes } from './routes/agent-account';
import { agentFubRoutes } from './routes/agent-fub';
import { agentLandingPageRoutes } from './routes/agent-landing-page';
import { agentEmailSettingsRoutes } from './routes/agent-email-settings';
import { agentSessionRoutes } from './routes/agent-session';
import { agentWebhookRoutes } from './routes/agent-webhooks';
import { webhookOpenApi } from './webhooks/openapi';
import { agentWorkspaceLeadRoutes } from './routes/agent-workspace-leads';
import { agentRoutes } from './routes/agents';
import { consumerReportRoutes } from './routes/consumer-reports';
import { homeSubscriptionRoutes } from './routes/home-subscriptions';
import { homeUpdateTrackingRoutes } from './routes/home-update-tracking';
import { homeUpdatePreferenceRoutes } from './routes/home-update-preferences';
import { reportHistoryRoutes } from './routes/report-history';
import { devOutboxRoutes } from './routes/dev-outbox';
import { devOutboxFubRoutes } from './routes/dev-outbox-fub';
import { devOutboxEmailRoutes } from './routes/dev-outbox-email';
import { devWebhookRoutes } from './routes/dev-webhooks';
import { healthRoutes } from './routes/health';
import { propertyLookupRoutes } from './routes/property-lookup';
import { reportPdfRoutes } from './routes/report-pdf';
import { reportEventsRoutes } from './routes/report-events';
import { twilioWebhookRoutes } from './routes/twilio-webhooks';

export interface BuildApiOptions {
  /** false for no request logs (tests); pino options to add to the defaults (e.g. a stream). */
  logger?: boolean | object;
}

/** Builds the HTTP API. Handlers are thin: validation by schema, work in packages. */
export async function buildApi(deps: ApiDeps, opts: BuildApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // report ids are capabilities: request URLs and fields carry a short hash instead
            hooks: { streamWrite: redactReportIds },
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    // the client address: X-Forwarded-For only from loopback (the web app) and TRUSTED_PROXIES (decision 0012)
    trustProxy: apiProxyTrust(deps.config.trustedProxies),
    bodyLimit: 64 * 1024,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  registerErrorHandling(app);
  // Before any schema: a control character in any text field is a field error, never a 500 (NUL in PostgreSQL).
  app.addHook('preValidation', async (req) => {
    const fields = { ...controlCharacterFields(req.params), ...controlCharacterFields(req.query), ...controlCharacterFields(req.body) };
    if (Object.keys(fields).length) throw validationError(fields);
  });

  const outgoingWebhooks = webhookOpenApi();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenCMA API',
        version: '1.0.0',
        description:
          'Instant home-valuation leads for real-estate agents. Text fields (body, query, path) must not contain control characters ' +
          '(U+0000–U+001F except tab, LF and CR; U+007F–U+009F): such a request is refused with 400 validation_failed naming the field.',
      },
      webhooks: outgoingWebhooks.webhooks,
      components: {
        schemas: outgoingWebhooks.schemas,
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
          agentSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'opencma_agent',
            description:
              'Agent session cookie (`__Host-opencma_agent` over https) from POST /v1/agent/sign-in/verify; changes also need X-CSRF-Token',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Schemas with a meta id (ConsumerReport, ValuationBlend, Error, …) go to components.schemas, so their $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });

  // one set of rate limits (and one Redis connection for them) for the whole API
  const rateLimits = createRateLimits(deps.config, {
    onRedisUnavailable: (err) => app.log.warn({ err }, 'Redis unavailable for rate limits; counting in memory for a few seconds'),
  });
  app.addHook('onClose', () => rateLimits.close());
  await rateLimits.ready();
  const routeDeps: RouteDeps = { ...deps, rateLimits, agents: createAgentLookup(deps.database.db) };

  await app.register(healthRoutes, deps);
  await app.register(agentRoutes, deps);
  await app.register(addressRoutes, routeDeps);
  await app.register(propertyLookupRoutes, routeDeps);
  await app.register(adminRoutes, deps);
  await app.register(adminQueueRoutes, deps);
  await app.register(adminHomeUpdateRoutes, deps);
  await app.register(adminSmsRoutes, deps);
  await app.register(adminFubRoutes, deps);
  await app.register(adminWebhookRoutes, deps);
  await app.register(consumerReportRoutes, routeDeps);
  await app.register(homeSubscriptionRoutes, routeDeps);
  await app.register(homeUpdateTrackingRoutes, routeDeps);
  await app.register(homeUpdatePreferenceRoutes, routeDeps);
  await app.register(reportHistoryRoutes, routeDeps);
  await app.register(reportPdfRoutes, routeDeps);
  await app.register(reportEventsRoutes, routeDeps);
  await app.register(twilioWebhookRoutes, deps);
  await app.register(cookie);
  const agentDeps = { ...routeDeps, sms: deps.sms ?? createOutboxSender({ logger: app.log }) };
  await app.register(agentSessionRoutes, agentDeps);
  await app.register(agentWorkspaceLeadRoutes, agentDeps);
  await app.register(agentLandingPageRoutes, agentDeps);
  await app.register(agentEmailSettingsRoutes, agentDeps);
  await app.register(agentAccountRoutes, agentDeps);
  await app.register(agentFubRoutes, agentDeps);
  await app.register(agentWebhookRoutes, agentDeps);
  if (deps.config.SMS_PROVIDER === 'outbox' && deps.config.NODE_ENV !== 'production') {
    await app.register(devOutboxRoutes, deps);
  }
  if (deps.config.useLocalFub && deps.config.NODE_ENV !== 'production') await app.register(devOutboxFubRoutes, deps);
  if (deps.config.NODE_ENV !== 'production') await app.register(devOutboxEmailRoutes, deps);
  await app.register(devWebhookRoutes, deps);
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
