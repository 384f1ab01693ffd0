import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAgentByCode } from '@opencma/db';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { agentCodeParam, errorBody, landingPageResponse } from '../schemas';
import { landingPageFor } from '../landing-page';

export const agentRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/v1/agents/:agent_code/landing-page',
    {
      schema: {
        summary: "Public branding and text of an agent's landing page",
        tags: ['agents'],
        params: agentCodeParam,
        response: { 200: landingPageResponse, 404: errorBody },
      },
    },
    async (req) => {
      const owner = await findAgentByCode(deps.database.db, req.params.agent_code);
      if (!owner) throw notFound('Agent', 'agent_not_found');
      return landingPageFor(owner);
    },
  );
};
