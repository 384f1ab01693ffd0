/** The card shown while the report is pending or processing; client/report/status-poller.ts keeps it current. */
import type { ReportStatus } from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';
import { STEP_DOT, STEP_SR, STEPS, stepStates, statusMessage } from './status-steps';

export function statusView(status: ReportStatus): SafeHtml {
  const states = stepStates(status, 0);
  return html`<div class="card" aria-labelledby="status-title"><h1 id="status-title">Your home value report is on its way</h1><p role="status" aria-live="polite" class="muted">${statusMessage(
    status,
    0,
  )}</p><ol class="steps">${STEPS.map((label, i) => {
    const state = states[i]!;
    return html`<li class="step-${state}"><span class="step-dot" aria-hidden="true">${STEP_DOT[state]}</span><span>${label}<span class="sr-only">${STEP_SR[state]}</span></span></li>`;
  })}</ol></div>`;
}
