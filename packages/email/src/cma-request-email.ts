import type { LeadEventContext } from '@opencma/delivery';
import { brandStyle, date, html, phone } from '@opencma/view';
import type { RenderedMail } from './lead-email';

/**
 * The short e-mail an agent gets when a homeowner taps "Get an exact price" on their report (pure):
 * who asked (address, phone), when, and links to the lead and the report. Values escaped by `html`.
 */
export function renderCmaRequestEmail(ctx: LeadEventContext): RenderedMail {
  const { lead, agent } = ctx;
  const brand = brandStyle(agent.brandColor);
  const who = lead.propertyAddress;
  const subject = `${who} asked for an exact price`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const when = date(ctx.event.occurredAt);
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${brand['--brand']};color:${brand['--brand-ink']};padding:16px 24px;font-size:14px">${agent.name}${agent.brokerage ? html` · ${agent.brokerage}` : ''}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 8px;font-size:20px;color:#111">${who} asked for an exact price</h1>
<p style="margin:0 0 16px;color:#333">The homeowner (${phone(lead.phone)}) tapped "Get an exact price" on their report on ${when}: they would like a personal CMA or a visit from you.</p>
<a href="${lead.agentLeadUrl}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:bold;background:${brand['--brand']};color:${brand['--brand-ink']}">Open the lead</a>
<a href="${lead.reportUrl}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:bold;border:1px solid ${brand['--accent']};color:${brand['--accent']}">View the report</a>
</td></tr></table></td></tr></table>
</body></html>`;
  const text = [
    `${who} asked for an exact price`,
    '',
    `The homeowner (${phone(lead.phone)}) tapped "Get an exact price" on their report on ${when}:`,
    'they would like a personal CMA or a visit from you.',
    '',
    `Open the lead:   ${lead.agentLeadUrl}`,
    `View the report: ${lead.reportUrl}`,
  ].join('\n');
  return { subject, html: body.toString(), text };
}
