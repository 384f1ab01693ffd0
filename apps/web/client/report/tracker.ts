/**
 * Records how the report is used, for the agent: one view per page load (with a per-tab session
 * id), each section the first time it is half on screen, time on page (heartbeats while visible,
 * and a beacon when the page is hidden), and clicks on elements marked
 * `data-track="pdf_download|contact_tap"` (with `data-channel`; shares are sent by the share button).
 */
import { sendReportEvent, type ReportEvent } from '../../lib/report-events';

const HEARTBEAT_MS = 15_000;

export function trackReport(reportId: string): void {
  const send = (e: ReportEvent, beacon = false) => sendReportEvent(reportId, e, { beacon });
  send({ type: 'view', ...(document.referrer ? { referrer: document.referrer } : {}) });

  // time on page: only while the page is visible
  let visibleMs = 0;
  let since = document.visibilityState === 'visible' ? Date.now() : 0;
  const elapsed = () => visibleMs + (since ? Date.now() - since : 0);
  window.setInterval(() => {
    if (document.visibilityState === 'visible') send({ type: 'heartbeat', duration_ms: Math.round(elapsed()) });
  }, HEARTBEAT_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      if (since) visibleMs += Date.now() - since;
      since = 0;
      send({ type: 'heartbeat', duration_ms: Math.round(visibleMs) }, true);
    } else if (!since) {
      since = Date.now();
    }
  });

  // sections seen
  if (typeof IntersectionObserver === 'function') {
    const seen = new Set<string>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const section = (entry.target as HTMLElement).dataset.section;
          if (!entry.isIntersecting || !section || seen.has(section)) continue;
          // "seen": 40% of the section on screen, or a tall section filling half the screen
          const fillsScreen = entry.rootBounds ? entry.intersectionRect.height >= entry.rootBounds.height * 0.5 : false;
          if (entry.intersectionRatio < 0.4 && !fillsScreen) continue;
          seen.add(section);
          send({ type: 'section_view', section });
          io.unobserve(entry.target);
        }
      },
      { threshold: [0, 0.1, 0.2, 0.3, 0.4] },
    );
    for (const el of document.querySelectorAll<HTMLElement>('[data-section]')) io.observe(el);
  }

  // PDF downloads and contact taps
  document.addEventListener(
    'click',
    (e) => {
      const el = (e.target as Element | null)?.closest?.<HTMLElement>('[data-track]');
      const type = el?.dataset.track;
      if (type !== 'pdf_download' && type !== 'contact_tap') return;
      const channel = el?.dataset.channel;
      send({ type, ...(channel ? { channel } : {}) }, true);
    },
    { capture: true },
  );
}
