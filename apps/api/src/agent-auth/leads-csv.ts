import type { LeadSummary } from '@opencma/db';

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (=, +, -, @ prefixed with '). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS: [string, (l: LeadSummary & { report_url: string }) => string | number | boolean | null][] = [
  ['created_at', (l) => l.created_at],
  ['agent', (l) => l.agent_name],
  ['property_address', (l) => l.property_address],
  ['consumer_phone', (l) => l.consumer_phone],
  ['lead_status', (l) => l.lead_status],
  ['report_status', (l) => l.status],
  ['estimate', (l) => l.estimate?.value ?? null],
  ['estimate_low', (l) => l.estimate?.low ?? null],
  ['estimate_high', (l) => l.estimate?.high ?? null],
  ['views', (l) => l.activity.views],
  ['sessions', (l) => l.activity.sessions],
  ['last_viewed_at', (l) => l.activity.last_viewed_at],
  ['max_time_on_page_s', (l) => (l.activity.max_duration_ms === null ? null : Math.round(l.activity.max_duration_ms / 1000))],
  ['pdf_downloads', (l) => l.activity.pdf_downloads],
  ['shares', (l) => l.activity.shares],
  ['contact_taps', (l) => l.activity.contact_taps],
  ['hot', (l) => l.hot],
  ['report_url', (l) => l.report_url],
];

export function leadsCsv(leads: (LeadSummary & { report_url: string })[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const l of leads) lines.push(COLUMNS.map(([, get]) => csvCell(get(l))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
