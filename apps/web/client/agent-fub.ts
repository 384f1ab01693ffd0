/** The Follow Up Boss section: saves or removes a key (PUT/DELETE), then reloads to show its last 4 characters. */
import { call, problem, showError } from './agent-api';

export function initFubSection(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-fub-path]')) {
    const path = form.dataset.fubPath!;
    const input = form.querySelector<HTMLInputElement>('input[name="api_key"]');
    const error = input ? document.getElementById(`${input.id}-error`) : null;
    const status = form.querySelector<HTMLElement>('[role="status"]');
    const done = (message: string) => {
      if (status) status.textContent = message;
      setTimeout(() => location.reload(), 600);
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(input, error, '');
      const a = await call('PUT', path, { api_key: input?.value.trim() ?? '' });
      if (a.status >= 300) {
        const fieldError = a.body.error?.fields?.api_key;
        if (fieldError) showError(input, error, fieldError);
        else if (status) status.textContent = problem(a);
        return;
      }
      if (input) input.value = '';
      done('Key saved.');
    });
    form.querySelector('[data-fub-remove]')?.addEventListener('click', async () => {
      const a = await call('DELETE', path);
      if (a.status >= 300) {
        if (status) status.textContent = problem(a);
        return;
      }
      done('Key removed.');
    });
  }
}
