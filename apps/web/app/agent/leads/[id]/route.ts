/** One lead (server-rendered; lib/agent/lead-page.ts). ?part=timeline answers the timeline alone (the page refreshes it). */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect, type LeadDetail } from '../../../../lib/agent/api';
import { renderLeadPage, renderTimeline } from '../../../../lib/agent/lead-page';
import { renderAgentPage } from '../../../../lib/agent/layout';
import { html } from '@opencma/view';
import { htmlResponse, pageContext } from '../../../../lib/page/response';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export async function GET(request: NextRequest, { params }: Params): Promise<Response> {
  const { id } = await params;
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const lead = /^[A-Za-z0-9_-]{16,64}$/.test(id) ? await agentGet<LeadDetail>(request, `/v1/agent/leads/${id}`) : null;
  const ctx = pageContext(request, 'agent');
  if (!lead)
    return htmlResponse(
      renderAgentPage(ctx, {
        title: 'Lead not found',
        page: 'lead',
        session,
        body: html`<div class="card"><h1>Lead not found</h1><p><a href="/agent">Back to your leads</a></p></div>`,
      }),
      404,
    );
  if (new URL(request.url).searchParams.get('part') === 'timeline') return htmlResponse(renderTimeline(lead).value, 200);
  return htmlResponse(renderLeadPage(ctx, session, lead, new Date()), 200);
}
