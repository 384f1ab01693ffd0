import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import { createOutboxSender } from '@opencma/sms';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createRateLimits } from './abuse/rate-limits';
import { createAgentLookup } from './agent-lookup';
import type { ApiDeps, RouteDeps } from './deps';
import { registerErrorHandling } from './errors';
import { adminQueueRoutes } from './routes/admin-queue';
import { addressRoutes } from './routes/addresses';
import { adminRoutes } from './routes/admin';
import { agentAccountRoutes } from './routes/agent-account';
import { agentLandingPageRoutes } from './routes/agent-landing-page';
import { agentSessionRoutes } from './routes/agent-session';
import { agentWorkspaceLeadRoutes } from './routes/agent-workspace-leads';
import { agentRoutes } from './routes/agents';
import { consumerReportRoutes } from './routes/consumer-reports';
import { devOutboxRoutes } from './routes/dev-outbox';
import { healthRoutes } from './routes/health';
import { propertyLookupRoutes } from './routes/property-lookup';
import { reportPdfRoutes } from './routes/report-pdf';
import { reportEventsRoutes } from './routes/report-events';
import { twilioWebhookRoutes } from './routes/twilio-webhooks';

export interface BuildApiOptions {
  /** pino options or false; tests pass false. */
  logger?: boolean | object;
}

/** Builds the HTTP API. Handlers are thin: validation by schema, work in packages. */
export async function buildApi(deps: ApiDeps, opts: BuildApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === undefined ? { level: deps.config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] } : opts.logger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: ['127.0.0.1', '::1'],
    bodyLimit: 64 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenCMA API',
        version: '1.0.0',
        description: 'Instant home-valuation leads for real-estate agents.',
      },
      components: {
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
  });

  // one set of rate limits (and one Redis connection for them) for the whole API
  const rateLimits = createRateLimits(deps.config);
  app.addHook('onClose', () => rateLimits.close());
  const routeDeps: RouteDeps = { ...deps, rateLimits, agents: createAgentLookup(deps.database.db) };

  await app.register(healthRoutes, deps);
  await app.register(agentRoutes, deps);
  await app.register(addressRoutes, routeDeps);
  await app.register(propertyLookupRoutes, routeDeps);
  await app.register(adminRoutes, deps);
  await app.register(adminQueueRoutes, deps);
  await app.register(consumerReportRoutes, routeDeps);
  await app.register(reportPdfRoutes, deps);
  await app.register(reportEventsRoutes, routeDeps);
  await app.register(twilioWebhookRoutes, deps);
  await app.register(cookie);
  const agentDeps = { ...routeDeps, sms: deps.sms ?? createOutboxSender({ logger: app.log }) };
  await app.register(agentSessionRoutes, agentDeps);
  await app.register(agentWorkspaceLeadRoutes, agentDeps);
  await app.register(agentLandingPageRoutes, agentDeps);
  await app.register(agentAccountRoutes, agentDeps);
  if (deps.config.SMS_PROVIDER === 'outbox' && deps.config.NODE_ENV !== 'production') {
    await app.register(devOutboxRoutes, deps);
  }
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
