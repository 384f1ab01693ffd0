/**
 * Browser side of report analytics: a per-tab session id and a fire-and-forget sender for
 * POST /v1/consumer-reports/{id}/events. Never throws, never blocks the page.
 */
export type ReportEventType = 'view' | 'section_view' | 'pdf_download' | 'share' | 'contact_tap' | 'heartbeat' | 'net_proceeds';

export interface ReportEvent {
  type: ReportEventType;
  section?: string;
  channel?: string;
  duration_ms?: number;
  referrer?: string;
}

const KEY = 'opencma-session';

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** One id per browser tab (sessionStorage), so reloads count as the same session. */
export function sessionId(): string {
  try {
    const existing = sessionStorage.getItem(KEY);
    if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
    const id = randomId();
    sessionStorage.setItem(KEY, id);
    return id;
  } catch {
    // storage blocked (private mode in some browsers): a per-page id still groups this visit
    return ((globalThis as { __opencmaSid?: string }).__opencmaSid ??= randomId());
  }
}

/**
 * Sends one event. `beacon` (page being hidden or left) uses navigator.sendBeacon, which survives
 * unload; it posts text/plain, which the API accepts as JSON.
 */
export function sendReportEvent(reportId: string, event: ReportEvent, opts: { beacon?: boolean } = {}): void {
  const url = `/v1/consumer-reports/${encodeURIComponent(reportId)}/events`;
  const body = JSON.stringify({ ...event, session_id: sessionId() });
  try {
    if (opts.beacon && typeof navigator.sendBeacon === 'function') {
      if (navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
    }
    void fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true }).catch(() => undefined);
  } catch {
    /* analytics must never break the page */
  }
}
