/** The homeowner's value updates in the lead's timeline (decision 0036): sent (or not), opened, clicked. */
import { html, type SafeHtml } from '@opencma/view';
import type { LeadHomeUpdate } from './api';
import { dateTime } from './format';

/** One timeline line with its time (for ordering among the report's events). */
export interface TimedLine {
  at: string;
  line: SafeHtml;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2015-05' → 'May 2015'. */
export function periodWords(period: string): string {
  const [y, m] = period.split('-');
  const month = MONTHS[Number(m) - 1];
  return month ? `${month} ${y}` : period;
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

const item = (kind: string, at: string, what: SafeHtml | string, note: SafeHtml | string = '') =>
  html`<li class="event event-update-${kind}"><time datetime="${at}">${dateTime(at)}</time><span>${what}</span>${note}</li>`;

/** Where an update went: the e-mail address, or "by text" (text updates go to the report's own number). */
const recipient = (u: LeadHomeUpdate) => (u.channel === 'sms' || !u.email ? html`by text` : html`to <span class="break">${u.email}</span>`);

/** The lines of one update: its delivery (or why not), the homeowner's first open and first click. */
function updateLines(u: LeadHomeUpdate): TimedLine[] {
  const name = `${periodWords(u.period)} value update`;
  const lines: TimedLine[] = [];
  const machine = u.machine_open_count + u.machine_click_count;
  const machineNote = machine
    ? html`<span class="muted small">${`${machine} machine open${machine === 1 ? '' : 's'}/click${machine === 1 ? '' : 's'} (mail privacy proxy or link scanner), not counted`}</span>`
    : '';
  if (u.status === 'sent' && u.sent_at) {
    lines.push({ at: u.sent_at, line: item('sent', u.sent_at, html`${name} sent ${recipient(u)}`, machineNote) });
  } else {
    const why =
      u.status === 'failed'
        ? 'could not be sent'
        : u.status === 'unknown'
          ? 'may not have arrived (the sender stopped while sending; not sent again)'
          : 'is being sent';
    lines.push({ at: u.created_at, line: item(u.status, u.created_at, html`${name} ${recipient(u)} ${why}`, machineNote) });
  }
  if (u.opened_at) {
    lines.push({ at: u.opened_at, line: item('opened', u.opened_at, `Opened the ${name}${u.open_count > 1 ? ` (${times(u.open_count)})` : ''}`) });
  }
  if (u.clicked_at) {
    lines.push({
      at: u.clicked_at,
      line: item('clicked', u.clicked_at, `Clicked through from the ${name}${u.click_count > 1 ? ` (${times(u.click_count)})` : ''}`),
    });
  }
  return lines;
}

export function updateTimelineLines(updates: readonly LeadHomeUpdate[]): TimedLine[] {
  return updates.flatMap(updateLines);
}

/** The engagement line's summary of the updates; empty when there are none. */
export function updatesSummary(updates: readonly LeadHomeUpdate[]): string {
  if (updates.length === 0) return '';
  const sent = updates.filter((u) => u.status === 'sent').length;
  const opened = updates.filter((u) => u.opened_at).length;
  const clicked = updates.filter((u) => u.clicked_at).length;
  return `Value updates: ${sent} sent · ${opened} opened · ${clicked} clicked through`;
}
