import type { LeadEventContext } from '@opencma/delivery';
import { brandStyle, date, html, money, phone, type SafeHtml } from '@opencma/view';

/** The lead e-mail to the agent: subject, HTML and plain-text parts of the same content. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

function reportStatusLine(ctx: LeadEventContext): string {
  if (ctx.lead.status === 'completed') return 'Report ready: the homeowner has their report.';
  if (ctx.lead.status === 'failed') {
    return `The report could not be completed${ctx.lead.failureReason ? `: ${ctx.lead.failureReason}` : '.'} The homeowner was told; the lead is still yours.`;
  }
  return 'The report is being prepared.';
}

/** What the e-mail says it is about: a new lead, or a lead crossing the "likely to sell" threshold (decision 0029). */
function headline(ctx: LeadEventContext): { subject: string; title: string; intro: string; footer: string } {
  if (ctx.event.type === 'lead.likely_to_sell') {
    const reasons = Array.isArray(ctx.event.data.reasons) ? ctx.event.data.reasons.filter((r): r is string => typeof r === 'string') : [];
    return {
      subject: `Likely to sell: ${ctx.lead.propertyAddress}`,
      title: 'This homeowner is acting like a seller',
      intro: reasons.length ? `They ${reasons.join(', ')}.` : 'Their activity on the report crossed your "likely to sell" threshold.',
      footer:
        'You get this e-mail once per lead, when it crosses the "likely to sell" threshold. Turn lead e-mails off in your workspace under Account.',
    };
  }
  return {
    subject: `New lead: ${ctx.lead.propertyAddress}`,
    title: 'New home-value lead',
    intro: 'A homeowner asked for the value of their home on your page.',
    footer: 'You get this e-mail for each new lead. Turn it off in your workspace under Account.',
  };
}

const estimateRange = (e: NonNullable<LeadEventContext['lead']['estimate']>) => `${money(e.low)} – ${money(e.high)}`;

/**
 * Renders the e-mail an agent gets for a new lead (pure): the agent's colour, the homeowner's phone
 * (formatted), the address, the estimate range, the report's status, and links to the lead in the
 * workspace and to the report. Every value is escaped by the shared `html` tag.
 */
export function renderLeadEmail(ctx: LeadEventContext): RenderedMail {
  const { lead, agent } = ctx;
  const brand = brandStyle(agent.brandColor);
  const words = headline(ctx);
  const subject = words.subject.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const received = date(lead.createdAt);
  const estimate = lead.estimate ? estimateRange(lead.estimate) : 'No estimate (see the report)';
  const row = (label: string, value: SafeHtml | string) =>
    html`<tr><th align="left" style="padding:6px 12px 6px 0;color:#555;font-weight:normal;vertical-align:top">${label}</th><td style="padding:6px 0;color:#111">${value}</td></tr>`;
  const button = (href: string, label: string, primary: boolean) =>
    html`<a href="${href}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:bold;${
      primary ? `background:${brand['--brand']};color:${brand['--brand-ink']}` : `border:1px solid ${brand['--accent']};color:${brand['--accent']}`
    }">${label}</a>`;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${brand['--brand']};color:${brand['--brand-ink']};padding:16px 24px;font-size:14px">${agent.name}${agent.brokerage ? html` · ${agent.brokerage}` : ''}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 8px;font-size:20px;color:#111">${words.title}</h1>
<p style="margin:0 0 16px;color:#333">${words.intro}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:15px;margin-bottom:16px">
${row('Phone', phone(lead.phone))}
${row('Property', lead.propertyAddress)}
${row('Estimate', estimate)}
${row('Report', reportStatusLine(ctx))}
${row('Received', received)}
</table>
${button(lead.agentLeadUrl, 'Open the lead', true)}${button(lead.reportUrl, 'View the report', false)}
<p style="margin:16px 0 0;color:#777;font-size:12px">${words.footer}</p>
</td></tr></table></td></tr></table>
</body></html>`;
  const text = [
    `${words.title} (${agent.name})`,
    words.intro,
    '',
    `Phone:    ${phone(lead.phone)}`,
    `Property: ${lead.propertyAddress}`,
    `Estimate: ${estimate}`,
    `Report:   ${reportStatusLine(ctx)}`,
    `Received: ${received}`,
    '',
    `Open the lead:   ${lead.agentLeadUrl}`,
    `View the report: ${lead.reportUrl}`,
    '',
    words.footer,
  ].join('\n');
  return { subject, html: body.toString(), text };
}
