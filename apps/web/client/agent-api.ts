/** The agent pages' calls to /v1/agent/*: JSON, the session cookie, and the session's CSRF token on every change. */

export interface Answer {
  status: number;
  body: { error?: { code: string; message: string; fields?: Record<string, string> } } & Record<string, unknown>;
}

const csrf = () => document.getElementById('agent-app')?.dataset.csrf ?? '';

export async function call(method: string, path: string, body?: unknown, raw?: Blob): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrf();
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw) headers['content-type'] = raw.type || 'application/octet-stream';
  try {
    const res = await fetch(path, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
    });
    const text = await res.text();
    let parsed: Answer['body'] = {};
    try {
      parsed = text ? (JSON.parse(text) as Answer['body']) : {};
    } catch {
      parsed = {};
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: { error: { code: 'network', message: 'Could not reach the server. Check your connection and try again.' } } };
  }
}

/** The message for one field of an error answer (or the error's message). */
export function problem(a: Answer, field?: string): string {
  const e = a.body.error;
  if (!e) return 'Something went wrong. Please try again.';
  return (field && e.fields?.[field]) || e.message;
}

/** Shows (or clears) a field's error and marks its input. */
export function showError(input: HTMLElement | null, errorEl: HTMLElement | null, message: string): void {
  if (errorEl) errorEl.textContent = message;
  if (input) {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}
