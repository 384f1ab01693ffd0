/** /agent/integrations: adds webhook endpoints (showing the secret once), sends test events, turns endpoints on/off, deletes them. */
import { call, problem, showError } from './agent-api';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

const OUTCOME_WORDS: Record<string, string> = {
  sent: 'Delivered: your endpoint answered',
  retry: 'Not delivered (a real event would be retried)',
  failed: 'Not delivered',
};

function initCreate(): void {
  const form = $<HTMLFormElement>('webhook-form');
  const url = $<HTMLInputElement>('webhook_url');
  if (!form || !url) return;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(url, $('webhook_url-error'), '');
    showError(null, $('webhook_events-error'), '');
    const event_types = [...form.querySelectorAll<HTMLInputElement>('input[name="event_types"]:checked')].map((i) => i.value);
    const owner = $<HTMLSelectElement>('webhook_owner')?.value ?? 'agent';
    const a = await call('POST', '/v1/agent/webhooks', { url: url.value.trim(), event_types, owner });
    const saved = $('webhook-saved');
    if (a.status !== 201) {
      const fields = a.body.error?.fields ?? {};
      const eventsError = Object.entries(fields).find(([k]) => k.startsWith('event_types'))?.[1];
      if (fields.url) showError(url, $('webhook_url-error'), fields.url);
      else if (eventsError) showError(null, $('webhook_events-error'), eventsError);
      else if (saved) saved.textContent = problem(a);
      return;
    }
    // the secret exists only in this answer: show it until the agent says it is stored, then reload the list
    const box = $('webhook-secret');
    const value = $('webhook-secret-value');
    if (value) value.textContent = String(a.body.secret ?? '');
    if (box) box.hidden = false;
    form.hidden = true;
    $('webhook-secret-done')?.addEventListener('click', () => location.reload());
  });
}

function initEndpoints(): void {
  for (const card of document.querySelectorAll<HTMLElement>('[data-endpoint]')) {
    const id = card.dataset.endpoint!;
    const status = card.querySelector<HTMLElement>('[data-webhook-status]');
    const say = (text: string) => {
      if (status) status.textContent = text;
    };
    for (const button of card.querySelectorAll<HTMLButtonElement>('[data-webhook-action]')) {
      button.addEventListener('click', async () => {
        const action = button.dataset.webhookAction;
        button.disabled = true;
        try {
          if (action === 'test') {
            say('Sending…');
            const a = await call('POST', `/v1/agent/webhooks/${id}/test`, {});
            if (a.status !== 200) return say(problem(a));
            const r = a.body as { outcome?: string; response_status?: number | null; error?: string | null };
            say(
              `${OUTCOME_WORDS[r.outcome ?? ''] ?? r.outcome}${r.response_status ? ` (HTTP ${r.response_status})` : ''}${r.error && r.outcome !== 'sent' ? `: ${r.error}` : ''}`,
            );
            return;
          }
          if (action === 'delete' && !confirm('Delete this endpoint? Events not yet delivered to it will not be sent.')) return;
          const a =
            action === 'delete'
              ? await call('DELETE', `/v1/agent/webhooks/${id}`)
              : await call('PATCH', `/v1/agent/webhooks/${id}`, { enabled: action === 'enable' });
          if (a.status >= 300) return say(problem(a));
          location.reload();
        } finally {
          button.disabled = false;
        }
      });
    }
  }
}

export function initIntegrations(): void {
  initCreate();
  initEndpoints();
}
