/** /agent/page's "Lead e-mails" form: saves the address and toggles through PATCH /v1/agent/email-settings (with the CSRF token). */
import { call, problem, showError } from './agent-api';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

export function initEmailSettings(): void {
  const form = $<HTMLFormElement>('email-settings-form');
  const email = $<HTMLInputElement>('notify-email');
  const leads = $<HTMLInputElement>('lead_email_enabled');
  const digest = $<HTMLInputElement>('activity_digest_enabled');
  const saved = $('email-settings-saved');
  form?.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(email, $('notify-email-error'), '');
    if (saved) saved.textContent = '';
    const a = await call('PATCH', '/v1/agent/email-settings', {
      email: email?.value.trim() ?? '',
      lead_email_enabled: Boolean(leads?.checked),
      activity_digest_enabled: Boolean(digest?.checked),
    });
    if (a.status !== 200) {
      const field = a.body.error?.fields?.email;
      if (field) return showError(email, $('notify-email-error'), field);
      if (saved) saved.textContent = problem(a);
      return;
    }
    if (saved) saved.textContent = 'Saved.';
  });
}
