import type { ReportAgent } from '@opencma/core';
import { html, mailHref, phone, phoneHref, prefilledContact, type SafeHtml, safeImageUrl } from '@opencma/view';
import { avatar } from '../page/top-bar';

/** An e-mail address that wraps before the @ when the card is narrow, not in the middle of a word. */
export function emailWithBreak(email: string): SafeHtml {
  const at = email.lastIndexOf('@');
  return at > 0 ? html`${email.slice(0, at)}<wbr>${email.slice(at)}` : html`${email}`;
}

/**
 * The agent's contact card: the only phone number a report ever shows. With `address`, the Text and
 * Email links open a message that already names the home.
 */
export function agentCard(agent: ReportAgent, intro?: string, address?: string): SafeHtml {
  const tel = phoneHref('tel', agent.phone);
  const prefilled = address ? prefilledContact(agent, address) : null;
  const sms = prefilled ? prefilled.text : phoneHref('sms', agent.phone);
  const mail = prefilled ? prefilled.email : mailHref(agent.email);
  const button = (href: string | null, label: string, channel: string) =>
    href && html`<a class="btn" href="${href}" aria-label="${label} ${agent.name}" data-track="contact_tap" data-channel="${channel}">${label}</a>`;
  return html`<section class="card section agent-card" aria-labelledby="agent-h" data-section="agent"><div><h2 id="agent-h">Your agent</h2>${
    intro && html`<p class="muted small">${intro}</p>`
  }</div><div class="agent-row">${avatar(agent.name, safeImageUrl(agent.photoUrl), 72)}<div class="agent-text"><strong>${agent.name}</strong>${
    agent.brokerage && html`<div class="muted small">${agent.brokerage}</div>`
  }${agent.phone && html`<div class="small">${phone(agent.phone)}</div>`}${mail && agent.email && html`<div class="small">${emailWithBreak(agent.email)}</div>`}</div></div>${
    (tel || mail) && html`<div class="contact">${button(tel, 'Call', 'call')}${button(sms, 'Text', 'text')}${button(mail, 'Email', 'email')}</div>`
  }</section>`;
}
