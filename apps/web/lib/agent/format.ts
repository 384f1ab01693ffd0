/** Small formatters of the agent pages (times relative to now, durations, statuses). */

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. `now` is passed in (deterministic). */
export function ago(iso: string | null, now: Date): string {
  if (!iso) return '—';
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '—';
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 14) return `${d} day${d === 1 ? '' : 's'} ago`;
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** 95_000 → "1 min 35 s". */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms <= 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

export const REPORT_STATUS_WORDS: Record<string, string> = {
  pending: 'Preparing',
  processing: 'Preparing',
  completed: 'Ready',
  failed: 'Failed',
};

export const LEAD_STATUS_WORDS: Record<string, string> = {
  new: 'New',
  contacted: 'Contacted',
  appointment: 'Appointment',
  listed: 'Listed',
  closed: 'Closed',
  lost: 'Lost',
};

/** "2025-03-04T17:05:00Z" → "Mar 4, 5:05 PM UTC". */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
}
