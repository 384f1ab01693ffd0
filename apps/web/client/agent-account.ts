/** Brokerage admin: saves the account's branding and invites agents through /v1/agent/account. */
import { call, problem, showError } from './agent-api';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
/** Cleared branding fields are sent as null (no logo, default colours). */
const NULLABLE = new Set(['logo_url', 'primary_color', 'secondary_color']);

/** Sends a form's fields (input id → API field) and shows each field's error, or `done`. */
function wire(
  formId: string,
  method: string,
  path: string,
  fields: Record<string, string>,
  statusId: string,
  done: string,
  after?: () => void,
): void {
  $<HTMLFormElement>(formId)?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, string | null> = {};
    for (const [id, name] of Object.entries(fields)) {
      const value = $<HTMLInputElement>(id)?.value.trim() ?? '';
      body[name] = value === '' && NULLABLE.has(name) ? null : value;
      showError($(id), $(`${id}-error`), '');
    }
    const status = $(statusId);
    if (status) status.textContent = '';
    const a = await call(method, path, body);
    if (a.status >= 300) {
      const errors = a.body.error?.fields ?? {};
      let shown = false;
      for (const [id, name] of Object.entries(fields)) {
        if (errors[name]) {
          showError($(id), $(`${id}-error`), errors[name]);
          shown = true;
        }
      }
      if (!shown && status) status.textContent = problem(a);
      return;
    }
    if (status) status.textContent = done;
    after?.();
  });
}

export function initAccount(): void {
  wire(
    'branding-form',
    'PATCH',
    '/v1/agent/account',
    { account_name: 'name', logo_url: 'logo_url', primary_color: 'primary_color', secondary_color: 'secondary_color' },
    'branding-saved',
    'Branding saved.',
  );
  wire('invite-form', 'POST', '/v1/agent/account/agents', { invite_name: 'name', invite_phone: 'phone' }, 'invite-saved', 'Invitation sent.', () =>
    setTimeout(() => location.reload(), 800),
  );
}
