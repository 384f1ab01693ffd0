/** The frame of every signed-in agent page: the document, a top bar with the navigation and sign-out, the CSRF token for the script. */
import { html, type SafeHtml } from '@opencma/view';
import { renderDocument, type PageContext } from '../page/document';
import type { AgentSession } from './api';

export type AgentPageName = 'inbox' | 'lead' | 'landing' | 'account' | 'integrations' | 'sign-in';

interface Frame {
  title: string;
  page: AgentPageName;
  session: AgentSession | null;
  body: SafeHtml;
}

function nav(session: AgentSession, page: AgentPageName): SafeHtml {
  const link = (href: string, label: string, on: boolean) => html`<a href="${href}"${on ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="agent-nav" aria-label="Agent"><a class="agent-brand" href="/agent">OpenCMA</a><div class="agent-links">${link('/agent', 'Leads', page === 'inbox' || page === 'lead')}${link('/agent/page', 'My page', page === 'landing')}${link('/agent/integrations', 'Integrations', page === 'integrations')}${
    session.agent.role === 'account_admin' ? link('/agent/account', 'Brokerage', page === 'account') : ''
  }<button type="button" class="linklike" data-action="sign-out">Sign out</button></div></nav>`;
}

export function renderAgentPage(ctx: PageContext, f: Frame): string {
  return renderDocument({
    ...ctx,
    title: `${f.title} · OpenCMA`,
    description: 'Your OpenCMA leads and landing page.',
    robots: 'noindex, nofollow',
    referrer: 'same-origin',
    script: true,
    body: html`<div data-page="${f.page}" data-csrf="${f.session?.csrf_token ?? ''}" id="agent-app">${f.session ? nav(f.session, f.page) : ''}<main class="page agent-main" id="main">${f.body}</main></div>`,
  });
}
