/**
 * While a report is pending or processing: polls it every ~700 ms (every 5 s after a minute), keeps
 * the status view (lib/report/status-view.ts) current, and reloads the page once the report is
 * completed or failed, so the server renders the finished report.
 */
import type { ReportStatus } from '@opencma/core';
import { STEP_DOT, STEP_SR, stepStates, statusMessage } from '../../lib/report/status-steps';

/** Changes only what differs, so the active step's spinner keeps turning. */
function show(card: HTMLElement, status: ReportStatus, elapsed: number): void {
  const message = card.querySelector<HTMLElement>('[role="status"]');
  const text = statusMessage(status, elapsed);
  if (message && message.textContent !== text) message.textContent = text;
  const states = stepStates(status, elapsed);
  card.querySelectorAll<HTMLLIElement>('.steps > li').forEach((li, i) => {
    const state = states[i] ?? 'todo';
    if (li.className === `step-${state}`) return;
    li.className = `step-${state}`;
    li.querySelector('.step-dot')!.textContent = STEP_DOT[state];
    li.querySelector('.sr-only')!.textContent = STEP_SR[state];
  });
}

export function pollStatus(id: string, initial: ReportStatus, card: HTMLElement): void {
  const started = Date.now();
  let status = initial;
  const tick = async () => {
    const secs = (Date.now() - started) / 1000;
    try {
      const res = await fetch(`/v1/consumer-reports/${encodeURIComponent(id)}`, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (res.ok) {
        const body = (await res.json()) as { status?: ReportStatus };
        if (body.status === 'completed' || body.status === 'failed') {
          show(card, body.status, secs);
          location.reload();
          return;
        }
        if (body.status) status = body.status;
      }
    } catch {
      /* transient: keep polling */
    }
    show(card, status, secs);
    // poll briskly at first, then back off once it is clearly taking a while
    setTimeout(tick, secs < 60 ? 700 : 5000);
  };
  setTimeout(tick, 700);
}
