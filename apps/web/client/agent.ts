/** The agent pages' one script: sign-in, sign-out, live inbox, lead actions, landing page and brokerage forms. */
import { call, problem, showError } from './agent-api';
import { initAccount } from './agent-account';
import { initEmailSettings } from './agent-email-settings';
import { initFubSection } from './agent-fub';
import { initIntegrations } from './agent-integrations';
import { initLandingEditor } from './agent-landing';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

function initSignOut(): void {
  for (const [action, path] of [
    ['sign-out', '/v1/agent/sign-out'],
    ['sign-out-everywhere', '/v1/agent/sign-out-everywhere'],
  ]) {
    for (const b of document.querySelectorAll<HTMLButtonElement>(`[data-action="${action}"]`)) {
      b.addEventListener('click', async () => {
        await call('POST', path!, {});
        location.assign('/agent/sign-in');
      });
    }
  }
}

function initSignIn(): void {
  const loginForm = $<HTMLFormElement>('login-form');
  const codeForm = $<HTMLFormElement>('code-form');
  const login = $<HTMLInputElement>('login');
  const code = $<HTMLInputElement>('code');
  if (!loginForm || !codeForm || !login || !code) return;
  const next = (document.querySelector('[data-next]') as HTMLElement | null)?.dataset.next ?? '/agent';
  loginForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(login, $('login-error'), '');
    const a = await call('POST', '/v1/agent/sign-in/code', { login: login.value });
    if (a.status !== 202) return showError(login, $('login-error'), problem(a, 'login'));
    loginForm.hidden = true;
    codeForm.hidden = false;
    const sent = $('code-sent');
    if (sent) sent.textContent = String(a.body.message ?? '');
    code.focus();
  });
  codeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(code, $('code-error'), '');
    const a = await call('POST', '/v1/agent/sign-in/verify', { login: login.value, code: code.value.replace(/\D/g, '') });
    if (a.status !== 200) return showError(code, $('code-error'), problem(a, 'code'));
    location.assign(next);
  });
  $('code-again')?.addEventListener('click', () => {
    codeForm.hidden = true;
    loginForm.hidden = false;
    code.value = '';
    login.focus();
  });
}

/** New leads appear at the top without a reload: every few seconds the server renders the rows newer than the newest shown. */
function initInbox(): void {
  const list = $<HTMLOListElement>('leads');
  const live = list?.dataset.live;
  if (!list || live === undefined) return;
  const since = new Date().toISOString();
  const tick = async () => {
    if (document.hidden) return;
    const newest = (list.firstElementChild as HTMLElement | null)?.dataset.created ?? since;
    const params = new URLSearchParams(live);
    params.set('after', newest);
    try {
      const res = await fetch(`/agent/rows?${params}`, { credentials: 'same-origin' });
      if (!res.ok) return;
      const rows = (await res.text()).trim();
      if (!rows) return;
      list.insertAdjacentHTML('afterbegin', rows);
      document.querySelector('.empty')?.remove();
      const status = $('new-leads');
      if (status) status.textContent = 'New lead received.';
    } catch {
      /* next tick */
    }
  };
  setInterval(tick, 4000);
}

function initLead(): void {
  const card = document.querySelector<HTMLElement>('[data-lead]');
  const id = card?.dataset.lead;
  if (!id) return;
  const select = $<HTMLSelectElement>('lead-status');
  select?.addEventListener('change', async () => {
    const saved = $('status-saved');
    const a = await call('PATCH', `/v1/agent/leads/${id}`, { lead_status: select.value });
    showError(select, $('status-error'), a.status === 200 ? '' : problem(a, 'lead_status'));
    if (saved) saved.textContent = a.status === 200 ? 'Saved.' : '';
  });
  const form = $<HTMLFormElement>('note-form');
  const note = $<HTMLTextAreaElement>('note');
  form?.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!note) return;
    const a = await call('POST', `/v1/agent/leads/${id}/notes`, { body: note.value });
    if (a.status !== 201) return showError(note, $('note-error'), problem(a, 'body'));
    location.reload();
  });
  // the timeline follows the homeowner's visits
  setInterval(async () => {
    if (document.hidden) return;
    const current = $('timeline');
    try {
      const res = await fetch(`/agent/leads/${id}?part=timeline`, { credentials: 'same-origin' });
      if (!res.ok || !current) return;
      const markup = await res.text();
      const count = /data-count="(\d+)"/.exec(markup)?.[1];
      if (count && count !== current.dataset.count) current.outerHTML = markup;
    } catch {
      /* next tick */
    }
  }, 5000);
}

const page = document.getElementById('agent-app')?.dataset.page;
initSignOut();
if (page === 'sign-in') initSignIn();
if (page === 'inbox') initInbox();
if (page === 'lead') initLead();
if (page === 'landing') {
  initLandingEditor();
  initEmailSettings();
}
if (page === 'account') initAccount();
if (page === 'integrations') initFubSection();
if (page === 'integrations') initIntegrations();
