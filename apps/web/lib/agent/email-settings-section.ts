/** /agent/page's "Lead e-mails" section: the agent's address and which e-mails they get (saved by client/agent-email-settings.ts). */
import { html, type SafeHtml } from '@opencma/view';

export interface EmailSettings {
  email: string | null;
  lead_email_enabled: boolean;
  activity_digest_enabled: boolean;
}

const checkbox = (id: string, label: string, checked: boolean) =>
  html`<div class="row"><input type="checkbox" id="${id}" name="${id}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;

export function renderEmailSettings(s: EmailSettings): SafeHtml {
  return html`<form class="card stack" id="email-settings-form" novalidate><h2>Lead e-mails</h2><p class="muted small">Each new lead is e-mailed to you when its report is ready: the homeowner's phone, the address, the estimate and links to the lead and the report.</p><div class="stack"><label for="notify-email">Your e-mail address</label><input class="input" id="notify-email" name="email" type="email" autocomplete="email" maxlength="320" value="${
    s.email ?? ''
  }" aria-describedby="notify-email-error"><p class="field-error" id="notify-email-error" role="alert"></p></div>${checkbox(
    'lead_email_enabled',
    'E-mail me each new lead',
    s.lead_email_enabled,
  )}${checkbox('activity_digest_enabled', 'E-mail me a daily summary of lead activity', s.activity_digest_enabled)}<button class="btn" type="submit">Save e-mail settings</button><p class="muted" id="email-settings-saved" role="status"></p></form>`;
}
