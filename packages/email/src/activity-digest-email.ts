import { brandStyle, date, html, phone, type SafeHtml } from '@opencma/view';
import type { ActivityDigestMessage, DigestLead as DigestEmailLead } from '@opencma/delivery';
import type { RenderedMail } from './lead-email';

interface Section {
  title: string;
  leads: readonly DigestEmailLead[];
  /** "2 visits", "downloaded twice": what the count means; null when it says nothing. */
  countWords: (n: number) => string | null;
}

const times = (n: number, one: string, many: string) => (n > 1 ? `${n} ${many}` : one);

/**
 * The daily activity digest (pure): the day's new leads, leads who came back to their report, PDF
 * downloads and exact-price requests, each lead with its phone and a link to it in the workspace. Empty
 * sections are left out; the caller sends nothing when every section is empty. Values escaped by `html`.
 */
export function renderActivityDigestEmail(input: ActivityDigestMessage): RenderedMail {
  const { agent, activity } = input;
  const brand = brandStyle(agent.brandColor);
  const day = date(input.day);
  const subject = `Your leads on ${day}`;
  const sections: Section[] = [
    { title: 'Asked for an exact price', leads: activity.exactPriceRequests, countWords: () => null },
    { title: 'New leads', leads: activity.newLeads, countWords: () => null },
    { title: 'Came back to their report', leads: activity.cameBack, countWords: (n: number) => times(n, 'one visit', 'visits') },
    { title: 'Downloaded the PDF', leads: activity.pdfDownloads, countWords: (n: number) => (n > 1 ? `${n} downloads` : null) },
  ].filter((s) => s.leads.length > 0);
  const line = (s: Section, l: DigestEmailLead) => {
    const words = s.countWords(l.count);
    return `${l.propertyAddress} · ${phone(l.phone)}${words ? ` · ${words}` : ''}`;
  };
  const sectionHtml = (s: Section): SafeHtml =>
    html`<h2 style="margin:20px 0 8px;font-size:16px;color:#111">${s.title} (${s.leads.length})</h2>
<ul style="margin:0;padding:0 0 0 18px;color:#333;font-size:15px">${s.leads.map(
      (l) => html`<li style="margin:0 0 6px"><a href="${input.leadUrl(l.reportId)}" style="color:${brand['--accent']}">${line(s, l)}</a></li>`,
    )}</ul>`;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${brand['--brand']};color:${brand['--brand-ink']};padding:16px 24px;font-size:14px">${agent.name}${agent.brokerage ? html` · ${agent.brokerage}` : ''}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 8px;font-size:20px;color:#111">Your leads on ${day}</h1>
${sections.map(sectionHtml)}
<p style="margin:24px 0 0;color:#777;font-size:12px">You get this e-mail once a day when your leads were active. <a href="${input.settingsUrl}" style="color:#777">Turn it off</a>.</p>
</td></tr></table></td></tr></table>
</body></html>`;
  const text = [
    `Your leads on ${day}`,
    ...sections.flatMap((s) => ['', `${s.title} (${s.leads.length})`, ...s.leads.map((l) => `- ${line(s, l)}\n  ${input.leadUrl(l.reportId)}`)]),
    '',
    `You get this e-mail once a day when your leads were active. Turn it off: ${input.settingsUrl}`,
  ].join('\n');
  return { subject, html: body.toString(), text };
}
