/** /agent/integrations: where the agent's leads go besides the texts (one section per channel, each in its own file). */
import { html } from '@opencma/view';
import type { PageContext } from '../page/document';
import type { AgentSession } from './api';
import { renderFubSection, type FubSettingsView } from './integrations/fub-section';
import { renderAgentPage } from './layout';

export interface IntegrationsView {
  fub: FubSettingsView;
}

export function renderIntegrationsPage(ctx: PageContext, session: AgentSession, v: IntegrationsView): string {
  return renderAgentPage(ctx, {
    title: 'Integrations',
    page: 'integrations',
    session,
    body: html`<h1>Integrations</h1><p class="muted">Send your leads to the tools you already work in.</p>${renderFubSection(v.fub, session.agent.role === 'account_admin')}`,
  });
}
