import type { NewReportEvent } from '@opencma/db';

/** One analytics event of a report's page, as a browser that says nothing about itself records it; `more` sets the rest (e.g. viewed_at). */
export function reportEvent(
  reportId: string,
  type: NewReportEvent['event_type'],
  sessionId: string,
  more: Partial<NewReportEvent> = {},
): NewReportEvent {
  return {
    report_id: reportId,
    event_type: type,
    session_id: sessionId,
    device_type: null,
    browser: null,
    os: null,
    referrer: null,
    duration_ms: null,
    detail: null,
    ...more,
  };
}
