/** Brokerage admin page (lib/agent/account-page.ts); an agent who is not an admin is sent to their leads. */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect } from '../../../lib/agent/api';
import { renderAccountPage, type AccountView } from '../../../lib/agent/account-page';
import { htmlResponse, pageContext } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const view = session.agent.role === 'account_admin' ? await agentGet<AccountView>(request, '/v1/agent/account') : null;
  if (!view) return new Response(null, { status: 303, headers: { location: '/agent', 'cache-control': 'no-store' } });
  return htmlResponse(renderAccountPage(pageContext(request, 'agent'), session, view), 200);
}
