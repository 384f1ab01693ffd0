/** Integrations page (lib/agent/integrations-page.ts): webhook endpoints with their recent deliveries, Follow Up Boss keys. */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect } from '../../../lib/agent/api';
import { renderIntegrationsPage } from '../../../lib/agent/integrations-page';
import type { FubSettingsView } from '../../../lib/agent/integrations/fub-section';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../../lib/agent/integrations/webhooks-section';
import { htmlResponse, pageContext } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const [hooks, fub] = await Promise.all([
    agentGet<{ endpoints: WebhookEndpointView[]; event_types: string[] }>(request, '/v1/agent/webhooks'),
    agentGet<FubSettingsView>(request, '/v1/agent/integrations/fub'),
  ]);
  if (!hooks || !fub) return signInRedirect(request);
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
  return htmlResponse(renderIntegrationsPage(pageContext(request, 'agent'), session, { webhooks, fub }, new Date()), 200);
}
