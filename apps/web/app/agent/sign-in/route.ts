/** The agent sign-in page; a signed-in agent goes straight on. */
import type { NextRequest } from 'next/server';
import { getAgentSession } from '../../../lib/agent/api';
import { renderSignInPage } from '../../../lib/agent/sign-in-page';
import { htmlResponse, pageContext } from '../../../lib/page/response';

export const dynamic = 'force-dynamic';

/** Only a path of this site (never another origin) is a place to go after signing in. */
function safeNext(value: string | null): string {
  return value && /^\/agent(\/[\w\-/?=&%.]*)?$/.test(value) && !value.startsWith('//') ? value : '/agent';
}

export async function GET(request: NextRequest): Promise<Response> {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  if (await getAgentSession(request)) return new Response(null, { status: 303, headers: { location: next, 'cache-control': 'no-store' } });
  return htmlResponse(renderSignInPage(pageContext(request, 'agent'), next), 200);
}
