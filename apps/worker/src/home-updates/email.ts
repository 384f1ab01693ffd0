import { MARKET_RADIUS_MILES } from '@opencma/core';
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
  /**
   * The market area's sales that closed since the last update (or the first report): `since` is that
   * valuation's date, `lines` the closest few in words, `total` how many there were. Null: not known.
   */
  newSales?: { since: string; lines: string[]; total: number } | null;
  /** The market's sentence, the report's own words (@opencma/view marketWords). */
  market?: string | null;
  /** Equity, only when the homeowner gave what they owe (decision 0035); `estimated`: a loan's estimated balance. */
  equity?: { value: number; low: number; high: number; owed: number; estimated: boolean } | null;
  reportUrl: string;
  /** The home's value history page (every valuation with its date); the e-mail's main link when given. */
  historyUrl?: string;
  unsubscribeUrl: string;
  /** The preferences page (frequency, what you owe, unsubscribe); defaults to the unsubscribe page. */
  preferencesUrl?: string;
}

export interface RenderedHomeUpdate {
  subject: string;
  html: string;
  text: string;
}

const change = (now: number, before: number | null) => (before === null ? null : signedMoney(now - before));

const AREA = `within ${MARKET_RADIUS_MILES} mile${MARKET_RADIUS_MILES === 1 ? '' : 's'} of your home`;

/** "3 new sales within 1 mile of your home since Apr 1, 2015 (the closest 5 of 8):" and its lines, or the sentence saying there were none. */
function newSalesWords(n: NonNullable<HomeUpdateEmailInput['newSales']>): { heading: string; lines: string[] } {
  if (n.total === 0) return { heading: `No new sales ${AREA} since ${date(n.since)}.`, lines: [] };
  const shown = n.lines.length < n.total ? ` (the closest ${n.lines.length} of ${n.total})` : '';
  return { heading: `${n.total} new sale${n.total === 1 ? '' : 's'} ${AREA} since ${date(n.since)}${shown}:`, lines: n.lines };
}

function equityWords(e: NonNullable<HomeUpdateEmailInput['equity']>): { value: string; note: string } {
  return {
    value: `${money(e.value)} (likely ${money(e.low)} – ${money(e.high)})`,
    note: e.estimated
      ? `The estimate less your loan’s estimated balance of ${money(e.owed)} (from the loan details you gave).`
      : `The estimate less the ${money(e.owed)} you told us you owe.`,
  };
}

/**
 * The homeowner's update e-mail (pure): the agent's colour and name, today's estimate and range, the
 * change since the last update and since the first report, new nearby sales, the market's sentence,
 * the equity (when they gave what they owe), links to the home's value history, the report and the
 * preferences and unsubscribe pages. One column at most 560 px wide (phones first); HTML and text
 * say the same. Every value is escaped by the shared `html` tag.
 */
export function renderHomeUpdateEmail(input: HomeUpdateEmailInput): RenderedHomeUpdate {
  const { agent, estimate } = input;
  const brand = brandStyle(agent.brandColor);
  const subject = `Your home's value update: ${input.address}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const sinceLast = estimate ? change(estimate.value, input.lastValue) : null;
  const sinceFirst = estimate ? change(estimate.value, input.firstValue) : null;
  const equity = input.equity && estimate ? equityWords(input.equity) : null;
  const lines: Array<[string, string]> = estimate
    ? [
        ['Estimate today', money(estimate.value)],
        ['Likely range', `${money(estimate.low)} – ${money(estimate.high)}`],
        ...(sinceLast ? [['Since the last update', sinceLast] as [string, string]] : []),
        ...(sinceFirst ? [['Since your first report', sinceFirst] as [string, string]] : []),
        ...(equity ? [['Your equity', equity.value] as [string, string]] : []),
        ['Valued as of', date(input.valuedAt)],
      ]
    : [['Estimate today', 'Not enough recent sales nearby for an estimate this time.']];
  const sales = input.newSales ? newSalesWords(input.newSales) : null;
  const mainUrl = input.historyUrl ?? input.reportUrl;
  const mainLabel = input.historyUrl ? 'See your home’s value history' : 'See your report';
  const preferencesUrl = input.preferencesUrl ?? input.unsubscribeUrl;
  const row = (label: string, value: SafeHtml | string) =>
    html`<tr><th align="left" style="padding:6px 12px 6px 0;color:#555;font-weight:normal;vertical-align:top">${label}</th><td style="padding:6px 0;color:#111">${value}</td></tr>`;
  const h2 = (text: string) => html`<h2 style="margin:20px 0 6px;font-size:16px;color:#111">${text}</h2>`;
  const from = html`${agent.name}${agent.brokerage ? html` · ${agent.brokerage}` : ''}`;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${brand['--brand']};color:${brand['--brand-ink']};padding:16px 24px;font-size:14px">${from}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.45">
<h1 style="margin:0 0 8px;font-size:20px;color:#111">Your home's value update</h1>
<p style="margin:0 0 16px;color:#333">${input.address}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:15px;margin-bottom:8px">
${lines.map(([label, value]) => row(label, value))}
</table>
${equity && html`<p style="margin:0 0 8px;color:#555;font-size:13px" data-part="equity">${equity.note}</p>`}
${
  sales &&
  html`${h2('New sales nearby')}<p style="margin:0 0 6px;color:#333" data-part="new-sales">${sales.heading}</p>${
    sales.lines.length > 0 &&
    html`<ul style="margin:0 0 8px;padding-left:20px;color:#333">${sales.lines.map((l) => html`<li style="margin:0 0 4px">${l}</li>`)}</ul>`
  }`
}
${input.market && html`${h2('Your local market')}<p style="margin:0 0 8px;color:#333" data-part="market">${input.market}</p>`}
<p style="margin:20px 0 8px"><a href="${mainUrl}" style="display:inline-block;padding:12px 18px;border-radius:6px;text-decoration:none;font-weight:bold;background:${brand['--brand']};color:${brand['--brand-ink']}">${mainLabel}</a></p>
${input.historyUrl && html`<p style="margin:0 0 8px;font-size:14px"><a href="${input.reportUrl}" style="color:#333">Open your full report</a></p>`}
<p style="margin:16px 0 0;color:#777;font-size:12px">You get this e-mail because you asked ${agent.name} for updates of your home's value. <a href="${preferencesUrl}" style="color:#555">Change how often or what you owe</a> · <a href="${input.unsubscribeUrl}" style="color:#555">Unsubscribe</a></p>
</td></tr></table></td></tr></table>
</body></html>`;
  const text = [
    `Your home's value update from ${agent.name}${agent.brokerage ? ` · ${agent.brokerage}` : ''}`,
    input.address,
    '',
    ...lines.map(([label, value]) => `${`${label}:`.padEnd(24)}${value}`),
    ...(equity ? [equity.note] : []),
    ...(sales ? ['', 'NEW SALES NEARBY', sales.heading, ...sales.lines.map((l) => `- ${l}`)] : []),
    ...(input.market ? ['', 'YOUR LOCAL MARKET', input.market] : []),
    '',
    `${mainLabel}: ${mainUrl}`,
    ...(input.historyUrl ? [`Open your full report: ${input.reportUrl}`] : []),
    '',
    `Change how often or what you owe: ${preferencesUrl}`,
    `Unsubscribe: ${input.unsubscribeUrl}`,
  ].join('\n');
  return { subject, html: body.toString(), text };
}
