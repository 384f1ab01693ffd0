'use client';

import { useState } from 'react';
import { sendReportEvent } from '../../lib/report-events';

type State = 'idle' | 'copied' | 'manual';

/**
 * Share the report link: the system share sheet (Web Share API) where there is one, otherwise copy
 * the link; if even the clipboard is unavailable, show the link to copy by hand.
 */
export function ShareButton({ reportId, title }: { reportId: string; title: string }) {
  const [state, setState] = useState<State>('idle');
  const url = () => `${window.location.origin}/r/${reportId}`;

  const share = async () => {
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
      setState('copied');
      sendReportEvent(reportId, { type: 'share', channel: 'copy_link' });
    } catch {
      setState('manual');
    }
  };

  return (
    <div className="share">
      <button type="button" className="btn btn-outline" onClick={share} data-testid="share">
        Share report
      </button>
      <p role="status" aria-live="polite" className="small" style={{ margin: 0 }}>
        {state === 'copied' ? 'Link copied. Paste it into a text or email.' : ''}
      </p>
      {state === 'manual' && (
        <label className="small">
          Copy this link:
          <input className="input" readOnly value={url()} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </div>
  );
}
