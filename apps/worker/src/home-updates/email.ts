import { brandStyle, date, html, money, signedMoney, type SafeHtml } from '@opencma/view';

export interface HomeUpdateEmailInput {
  agent: { name: string; brokerage: string | null; brandColor: string | null; email: string | null };
  address: string;
  /** YYYY-MM-DD the home was valued as of. */
  valuedAt: string;
  estimate: { value: number; low: number; high: number } | null;
  /** The previous update's estimate (null: this is the first update). */
  lastValue: number | null;
  /** The first report's estimate. */
  firstValue: number | null;
  reportUrl: string;
  unsubscribeUrl: string;
}

export interface RenderedHomeUpdate {
  subject: string;
  html: string;
  text: string;
}

const change = (now: number, before: number | null) => (before === null ? null : signedMoney(now - before));

/**
 * The homeowner's update e-mail (pure): the agent's colour and name, today's estimate and range, the
 * change since the last update and since the first report, a link to the report page and the
 * unsubscribe/preferences link. Every value is escaped by the shared `html` tag.
 */
export function renderHomeUpdateEmail(input: HomeUpdateEmailInput): RenderedHomeUpdate {
  const { agent, estimate } = input;
  const brand = brandStyle(agent.brandColor);
  const subject = `Your home's value update: ${input.address}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const sinceLast = estimate ? change(estimate.value, input.lastValue) : null;
  const sinceFirst = estimate ? change(estimate.value, input.firstValue) : null;
  const lines: Array<[string, string]> = estimate
    ? [
        ['Estimate today', money(estimate.value)],
        ['Likely range', `${money(estimate.low)} – ${money(estimate.high)}`],
        ...(sinceLast ? [['Since the last update', sinceLast] as [string, string]] : []),
        ...(sinceFirst ? [['Since your first report', sinceFirst] as [string, string]] : []),
        ['Valued as of', date(input.valuedAt)],
      ]
    : [['Estimate today', 'Not enough recent sales nearby for an estimate this time.']];
  const row = (label: string, value: SafeHtml | string) =>
    html`<tr><th align="left" style="padding:6px 12px 6px 0;color:#555;font-weight:normal;vertical-align:top">${label}</th><td style="padding:6px 0;color:#111">${value}</td></tr>`;
  const from = html`${agent.name}${agent.brokerage ? html` · ${agent.brokerage}` : ''}`;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${brand['--brand']};color:${brand['--brand-ink']};padding:16px 24px;font-size:14px">${from}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 8px;font-size:20px;color:#111">Your home's value update</h1>
<p style="margin:0 0 16px;color:#333">${input.address}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:15px;margin-bottom:16px">
${lines.map(([label, value]) => row(label, value))}
</table>
<a href="${input.reportUrl}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:bold;background:${brand['--brand']};color:${brand['--brand-ink']}">See your report</a>
<p style="margin:16px 0 0;color:#777;font-size:12px">You get this e-mail because you asked ${agent.name} for updates of your home's value. <a href="${input.unsubscribeUrl}" style="color:#555">Unsubscribe or change your preferences</a>.</p>
</td></tr></table></td></tr></table>
</body></html>`;
  const text = [
    `Your home's value update from ${agent.name}${agent.brokerage ? ` · ${agent.brokerage}` : ''}`,
    input.address,
    '',
    ...lines.map(([label, value]) => `${`${label}:`.padEnd(24)}${value}`),
    '',
    `See your report: ${input.reportUrl}`,
    '',
    `Unsubscribe or change your preferences: ${input.unsubscribeUrl}`,
  ].join('\n');
  return { subject, html: body.toString(), text };
}
