/**
 * "Get an exact price from {agent}": records a `cma.requested` event for the agent (shown on the lead
 * and its timeline) and says so. The button is rendered hidden, so without this script only the
 * prefilled Text and Email links show.
 */
import { sessionId } from '../../lib/report-events';

export function attachCmaRequest(button: HTMLButtonElement, reportId: string): void {
  const status = button.parentElement?.querySelector<HTMLElement>('[data-cma-status]') ?? null;
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  button.hidden = false;
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    try {
      const res = await fetch(`/v1/consumer-reports/${encodeURIComponent(reportId)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'cma.requested', session_id: sessionId() }),
      });
      if (!res.ok) throw new Error(String(res.status));
      button.hidden = true;
      say('Thank you! Your request is on its way; expect a call or text soon.');
    } catch {
      button.removeAttribute('aria-disabled');
      say('We couldn’t send your request just now. Please try again, or use Text or Email below.');
    }
  });
}
