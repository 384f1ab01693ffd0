/** /agent/integrations: where the agent's leads go besides the texts — one section per integration, each in its own file. */
import { html } from '@opencma/view';
import type { PageContext } from '../page/document';
import type { AgentSession } from './api';
import { renderFubSection, type FubSettingsView } from './integrations/fub-section';
import { renderWebhooksSection, type WebhooksSectionData } from './integrations/webhooks-section';
import { renderAgentPage } from './layout';

export interface IntegrationsView {
  webhooks: WebhooksSectionData;
  fub: FubSettingsView;
}

export function renderIntegrationsPage(ctx: PageContext, session: AgentSession, v: IntegrationsView, now: Date): string {
  return renderAgentPage(ctx, {
    title: 'Integrations',
    page: 'integrations',
    session,
    body: html`<h1>Integrations</h1><p class="muted">Send your leads where you already work.</p>
${renderWebhooksSection(session, v.webhooks, now)}${renderFubSection(v.fub, session.agent.role === 'account_admin')}`,
  });
}
