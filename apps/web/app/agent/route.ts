/** The agent's leads inbox (server-rendered; lib/agent/inbox-page.ts). Signed out → the sign-in page. */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect, type LeadPage } from '../../lib/agent/api';
import { apiQuery, inboxQuery, renderInboxPage } from '../../lib/agent/inbox-page';
import { htmlResponse, pageContext } from '../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const q = inboxQuery(new URL(request.url));
  const page = await agentGet<LeadPage>(request, `/v1/agent/leads?${apiQuery(q, { page: String(q.page) })}`);
  if (!page) return signInRedirect(request);
  return htmlResponse(renderInboxPage(pageContext(request, 'agent'), session, q, page, new Date()), 200);
}
