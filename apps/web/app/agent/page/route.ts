/** "My landing page" editor (lib/agent/landing-editor-page.ts). */
import type { NextRequest } from 'next/server';
import { agentGet, getAgentSession, signInRedirect } from '../../../lib/agent/api';
import { renderLandingEditorPage, type LandingEditor } from '../../../lib/agent/landing-editor-page';
import { htmlResponse, pageContext } from '../../../lib/page/response';
import { renderEmailSettings, type EmailSettings } from '../../../lib/agent/email-settings-section';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const session = await getAgentSession(request);
  if (!session) return signInRedirect(request);
  const [editor, emailSettings] = await Promise.all([
    agentGet<LandingEditor>(request, '/v1/agent/landing-page'),
    agentGet<EmailSettings>(request, '/v1/agent/email-settings'),
  ]);
  if (!editor || !emailSettings) return signInRedirect(request);
  return htmlResponse(renderLandingEditorPage(pageContext(request, 'agent'), session, editor, renderEmailSettings(emailSettings)), 200);
}
