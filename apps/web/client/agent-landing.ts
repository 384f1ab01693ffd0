/** "My landing page": saves the texts and the photo through /v1/agent/landing-page, live preview, copies the link. */
import { call, problem, showError } from './agent-api';

const FIELDS = ['name', 'headline', 'subheadline', 'cta_text'] as const;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

export function initLandingEditor(): void {
  const form = $<HTMLFormElement>('landing-form');
  const input = (f: string) => $<HTMLInputElement | HTMLTextAreaElement>(f);
  for (const f of FIELDS) {
    input(f)?.addEventListener('input', () => {
      const preview = $(`preview-${f === 'cta_text' ? 'cta' : f}`);
      if (preview) preview.textContent = input(f)?.value ?? '';
    });
  }
  form?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, string> = {};
    for (const f of FIELDS) {
      body[f] = input(f)?.value ?? '';
      showError(input(f), $(`${f}-error`), '');
    }
    const saved = $('landing-saved');
    if (saved) saved.textContent = '';
    const a = await call('PATCH', '/v1/agent/landing-page', body);
    if (a.status !== 200) {
      const fields = a.body.error?.fields ?? {};
      for (const f of FIELDS) if (fields[f]) showError(input(f), $(`${f}-error`), fields[f]);
      if (!Object.keys(fields).length && saved) saved.textContent = problem(a);
      return;
    }
    if (saved) saved.textContent = 'Saved. Your page shows the changes now.';
  });

  // brokerage name and license number: an empty field clears it
  const compliance = $<HTMLFormElement>('compliance-form');
  const COMPLIANCE = ['brokerage_name', 'license_number'] as const;
  compliance?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, string | null> = {};
    for (const f of COMPLIANCE) {
      body[f] = input(f)?.value.trim() || null;
      showError(input(f), $(`${f}-error`), '');
    }
    const saved = $('compliance-saved');
    if (saved) saved.textContent = '';
    const a = await call('PATCH', '/v1/agent/landing-page', body);
    if (a.status !== 200) {
      const fields = a.body.error?.fields ?? {};
      for (const f of COMPLIANCE) if (fields[f]) showError(input(f), $(`${f}-error`), fields[f]);
      if (!Object.keys(fields).length && saved) saved.textContent = problem(a);
      return;
    }
    if (saved) saved.textContent = 'Saved. Your page and new reports show it now.';
  });

  // selling-cost defaults: typed in percent (0–20, two decimals), sent in basis points
  const costs = $<HTMLFormElement>('selling-costs-form');
  const COSTS = ['sale_commission_bps', 'closing_cost_bps'] as const;
  costs?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, number> = {};
    let bad = false;
    for (const f of COSTS) {
      const raw = (input(f)?.value ?? '').trim().replace(/%$/, '');
      const ok = /^\d{1,2}(\.\d{1,2})?$/.test(raw) && Number(raw) <= 20;
      showError(input(f), $(`${f}-error`), ok ? '' : 'Enter a percentage between 0 and 20, e.g. 5.5');
      if (ok) body[f] = Math.round(Number(raw) * 100);
      else bad = true;
    }
    const saved = $('selling-costs-saved');
    if (saved) saved.textContent = '';
    if (bad) return;
    const a = await call('PATCH', '/v1/agent/landing-page', body);
    if (a.status !== 200) {
      const fields = a.body.error?.fields ?? {};
      for (const f of COSTS) if (fields[f]) showError(input(f), $(`${f}-error`), fields[f]);
      if (!Object.keys(fields).length && saved) saved.textContent = problem(a);
      return;
    }
    if (saved) saved.textContent = 'Saved. Your reports use these defaults now.';
  });

  $('copy-link')?.addEventListener('click', async () => {
    const link = $<HTMLAnchorElement>('page-link')?.href ?? '';
    const status = $('copy-status');
    try {
      await navigator.clipboard.writeText(link);
      if (status) status.textContent = 'Link copied.';
    } catch {
      if (status) status.textContent = `Copy this link: ${link}`;
    }
  });

  const photoForm = $<HTMLFormElement>('photo-form');
  const photo = $<HTMLInputElement>('photo');
  photoForm?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = photo?.files?.[0];
    showError(photo, $('photo-error'), '');
    if (!file) return showError(photo, $('photo-error'), 'Choose a photo to upload.');
    if (file.size > 5 * 1024 * 1024) return showError(photo, $('photo-error'), 'The photo is larger than 5 MB. Choose a smaller one.');
    const a = await call('PUT', '/v1/agent/landing-page/photo', undefined, file);
    if (a.status !== 200) return showError(photo, $('photo-error'), problem(a, 'photo'));
    const saved = $('photo-saved');
    if (saved) saved.textContent = 'Photo saved.';
    location.reload();
  });
}
