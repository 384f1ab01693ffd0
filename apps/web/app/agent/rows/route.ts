/** New inbox rows as HTML (the inbox script asks every few seconds with ?after=<newest lead's time>). */
import type { NextRequest } from 'next/server';
import { agentGet, type LeadPage } from '../../../lib/agent/api';
import { apiQuery, inboxQuery, renderLeadRows } from '../../../lib/agent/inbox-page';
import { htmlResponse } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const url = new URL(request.url);
  const after = url.searchParams.get('after') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(after)) return htmlResponse('', 400);
  const q = inboxQuery(url);
  const page = await agentGet<LeadPage>(request, `/v1/agent/leads?${apiQuery(q, { after, page_size: '50' })}`);
  if (!page) return htmlResponse('', 401);
  return htmlResponse(renderLeadRows(page.leads, new Date(), q.scope === 'account').value, 200);
}
