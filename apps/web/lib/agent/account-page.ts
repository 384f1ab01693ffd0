/** /agent/account: the brokerage admin's branding and agents, and the invite form. */
import { phone } from '@opencma/view';
import { html } from '@opencma/view';
import type { PageContext } from '../page/document';
import type { AgentSession } from './api';
import { renderAgentPage } from './layout';

export interface AccountView {
  account: {
    id: string;
    name: string;
    logo_url: string | null;
    primary_color: string | null;
    secondary_color: string | null;
    branding_enabled: boolean;
  };
  agents: { id: string; name: string; phone: string | null; email: string | null; role: string; agent_code: string; landing_page_url: string }[];
}

const input = (id: string, label: string, value: string | null, type = 'text', hint = '') =>
  html`<div class="stack"><label for="${id}">${label}</label><input class="input" id="${id}" name="${id}" type="${type}" value="${value ?? ''}" aria-describedby="${id}-error"${
    hint ? html` placeholder="${hint}"` : ''
  }><p class="field-error" id="${id}-error" role="alert"></p></div>`;

export function renderAccountPage(ctx: PageContext, session: AgentSession, v: AccountView): string {
  const a = v.account;
  return renderAgentPage(ctx, {
    title: 'Brokerage',
    page: 'account',
    session,
    body: html`<h1>${a.name}</h1><p><a href="/agent?scope=account">See every lead of the brokerage</a></p>
<form class="card stack" id="branding-form" novalidate><h2>Branding</h2>${input('account_name', 'Brokerage name', a.name)}${input(
      'logo_url',
      'Logo URL (https)',
      a.logo_url,
      'url',
      'https://…',
    )}${input('primary_color', 'Main colour', a.primary_color, 'text', '#0f5132')}${input('secondary_color', 'Accent colour', a.secondary_color, 'text', '#d4a017')}<button class="btn" type="submit">Save branding</button><p class="muted" id="branding-saved" role="status"></p></form>
<section class="card stack"><h2>Agents</h2><ul class="plain">${v.agents.map(
      (g) =>
        html`<li><strong>${g.name}</strong>${g.role === 'account_admin' ? ' (admin)' : ''}<br><span class="muted small">${g.phone ? phone(g.phone) : 'no phone'} · <a href="${g.landing_page_url}">/cma/${g.agent_code}</a></span></li>`,
    )}</ul></section>
<form class="card stack" id="invite-form" novalidate><h2>Invite an agent</h2><p class="muted small">They get a text with the sign-in link and sign in with their phone.</p>${input('invite_name', 'Name', null)}${input(
      'invite_phone',
      'Mobile number',
      null,
      'tel',
    )}<button class="btn" type="submit">Send invitation</button><p class="muted" id="invite-saved" role="status"></p></form>`,
  });
}
