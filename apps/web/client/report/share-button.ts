/**
 * Share the report link: the system share sheet (Web Share API) where there is one, otherwise copy
 * the link; if even the clipboard is unavailable, show the link to copy by hand.
 */
import { sendReportEvent } from '../../lib/report-events';
import { el } from '../dom';

export function attachShareButton(box: HTMLElement, reportId: string, title: string): void {
  const button = box.querySelector<HTMLButtonElement>('button')!;
  const status = box.querySelector<HTMLElement>('[role="status"]')!;
  const url = () => `${window.location.origin}/r/${reportId}`;
  let manual: HTMLLabelElement | null = null;

  const showManual = () => {
    if (manual) return;
    const input = el('input', { class: 'input', readonly: '', value: url() });
    input.addEventListener('focus', () => input.select());
    manual = el('label', { class: 'small' }, 'Copy this link:', input);
    box.append(manual);
  };

  button.addEventListener('click', async () => {
    const link = url();
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, url: link });
        sendReportEvent(reportId, { type: 'share', channel: 'web_share' });
        return;
      } catch (err) {
        if ((err as Error).name === 'AbortError') return; // the person closed the sheet
      }
    }
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = 'Link copied. Paste it into a text or email.';
      manual?.remove();
      manual = null;
      sendReportEvent(reportId, { type: 'share', channel: 'copy_link' });
    } catch {
      status.textContent = '';
      showManual();
    }
  });
}
