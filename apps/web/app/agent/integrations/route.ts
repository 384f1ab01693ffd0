/** Integrations page (lib/agent/integrations-page.ts): webhook endpoints with their recent deliveries. */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect } from '../../../lib/agent/api';
import { renderIntegrationsPage } from '../../../lib/agent/integrations-page';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../../lib/agent/integrations/webhooks-section';
import { htmlResponse, pageContext } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const hooks = await agentGet<{ endpoints: WebhookEndpointView[]; event_types: string[] }>(request, '/v1/agent/webhooks');
  if (!hooks) return signInRedirect(request);
  const logs = await Promise.all(
    hooks.endpoints.map(
      async (e) =>
        [
          e.id,
          (await agentGet<{ deliveries: WebhookDeliveryView[] }>(request, `/v1/agent/webhooks/${e.id}/deliveries?limit=10`))?.deliveries ?? [],
        ] as const,
    ),
  );
  const webhooks = { ...hooks, deliveries: Object.fromEntries(logs) };
  return htmlResponse(renderIntegrationsPage(pageContext(request, 'agent'), session, { webhooks }, new Date()), 200);
}
