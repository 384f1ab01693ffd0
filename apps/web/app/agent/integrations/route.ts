/** Integrations page (lib/agent/integrations-page.ts): Follow Up Boss keys. */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect } from '../../../lib/agent/api';
import type { FubSettingsView } from '../../../lib/agent/integrations/fub-section';
import { renderIntegrationsPage } from '../../../lib/agent/integrations-page';
import { htmlResponse, pageContext } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const fub = await agentGet<FubSettingsView>(request, '/v1/agent/integrations/fub');
  if (!fub) return signInRedirect(request);
  return htmlResponse(renderIntegrationsPage(pageContext(request, 'agent'), session, { fub }), 200);
}
