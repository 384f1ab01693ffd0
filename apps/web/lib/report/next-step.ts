/**
 * The homeowner's next step, right under the estimate (on a phone: just below the number): ask the
 * agent for an exact price. The button records a `cma.requested` event the agent sees on the lead
 * (client/report/cma-request.ts; without JavaScript it stays hidden), and the Text and Email links
 * open a message that already names the home.
 */
import type { ReportAgent } from '@opencma/core';
import { html, prefilledContact, type SafeHtml } from '@opencma/view';

const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;

export function nextStep(agent: ReportAgent, address: string): SafeHtml {
  const links = prefilledContact(agent, address);
  const first = firstName(agent.name);
  const link = (href: string | null, label: string, channel: string) =>
    href && html`<a class="btn btn-outline" href="${href}" data-track="contact_tap" data-channel="${channel}">${label} ${first}</a>`;
  return html`<section class="card section next-step" aria-labelledby="next-h" data-section="next_step"><h2 id="next-h">Get an exact price from ${
    agent.name
  }</h2><p class="small">An estimate can’t see inside your home. ${first} can prepare a personal market analysis or visit, and give you an exact price.</p><button type="button" class="btn" data-cma-request hidden>Get an exact price from ${first}</button><p class="small m-0" role="status" aria-live="polite" data-cma-status></p>${
    (links.text || links.email) && html`<div class="contact">${link(links.text, 'Text', 'text')}${link(links.email, 'Email', 'email')}</div>`
  }</section>`;
}
