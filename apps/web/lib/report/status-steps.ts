/**
 * The status view shown while a report is pending or processing: its steps and message as pure
 * functions of the status and the seconds since the page opened, used by the server's first render
 * (lib/report/status-view.ts, at 0 s) and by the poller in the browser (client/report/status-poller.ts).
 */
import type { ReportStatus } from '@opencma/core';

export const STEPS = [
  'Request received',
  'Finding your home and recent nearby sales',
  'Estimating the value',
  'Summarizing the local market',
] as const;

export type StepState = 'done' | 'active' | 'todo';

/**
 * Steps advance with the real status; within "processing" they follow elapsed time (the API reports
 * no finer stage).
 */
export function stepStates(status: ReportStatus, elapsedSeconds: number): StepState[] {
  const current =
    status === 'pending' ? 1 : status === 'processing' ? Math.min(STEPS.length - 1, 1 + Math.floor(elapsedSeconds / 1.2)) : STEPS.length;
  return STEPS.map((_, i) => (i < current ? 'done' : i === current ? 'active' : 'todo'));
}

/** What the dot of a step shows, and what a screen reader hears after its label. */
export const STEP_DOT: Record<StepState, string> = { done: '✓', active: '', todo: '' };
export const STEP_SR: Record<StepState, string> = { done: ' (done)', active: ' (in progress)', todo: '' };

export function statusMessage(status: ReportStatus, elapsedSeconds: number): string {
  if (status === 'completed' || status === 'failed') return 'Your report is ready. Loading…';
  return elapsedSeconds > 20
    ? 'This is taking longer than usual. You can leave this page — we’ll text you the link as soon as it’s ready.'
    : 'Preparing your report… This usually takes a few seconds.';
}
