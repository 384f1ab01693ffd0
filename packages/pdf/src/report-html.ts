import type { CompDetail, ConfidenceTier, MarketStats, PropertyFacts, ReportModel, Subject, Valuation } from '@opencma/core';
import { barChartSvg } from './charts';
import { compPlotSvg } from './comp-plot';
import {
  escapeHtml as h,
  formatBaths,
  formatDate,
  formatInt,
  formatMoney,
  formatMoneyShort,
  formatPercent,
  formatPhone,
  httpsUrl,
  kmToMiles,
  textColorOn,
  validHexColor,
} from './format';

export interface ReportHtmlOptions {
  /** The report's public link, shown as is, e.g. https://cma.example.com/r/{id}. */
  publicUrl: string;
}

/**
 * The report's sections in order, shared by the page (/r/{id}, data-section attributes) and this
 * PDF (docs/decisions/0005). The page adds its interactive "share" box; the PDF its brand header.
 */
export const REPORT_SECTIONS = ['property', 'estimate', 'map', 'comps', 'market', 'agent', 'disclaimer'] as const;

const DEFAULT_PRIMARY = '#1f4e79';
const DEFAULT_DISCLAIMER =
  'This report is an automated estimate based on public records and MLS sales data. It is not an appraisal and should not be relied on as one.';

const CONFIDENCE_WORDS: Record<ConfidenceTier, string> = {
  high: 'Several very similar homes sold nearby recently, and their adjusted prices agree closely.',
  medium: 'The comparable sales are reasonably similar, but they differ more from this home or from each other.',
  low: 'Few close matches sold recently, so treat this as a rough guide; an in-person valuation will be more precise.',
};

function checkedLink(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    throw new TypeError(`publicUrl must be an absolute http(s) URL, got ${JSON.stringify(publicUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`publicUrl must be an absolute http(s) URL, got ${JSON.stringify(publicUrl)}`);
  }
  return url.toString();
}

function css(primary: string, onPrimary: string): string {
  return `
@page { margin: 0.45in 0.45in 0.5in 0.45in; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: Arial, 'Helvetica Neue', 'Liberation Sans', 'DejaVu Sans', sans-serif; color: #111827; font-size: 10.5px; line-height: 1.4; }
h1, h2, h3 { margin: 0; font-weight: 700; }
h2 { font-size: 13px; color: ${primary}; text-transform: uppercase; letter-spacing: 0.06em; margin-bottom: 8px; padding-bottom: 4px; border-bottom: 2px solid ${primary}; }
section { margin-top: 14px; break-inside: avoid; }
.brand { background: ${primary}; color: ${onPrimary}; border-radius: 8px; padding: 14px 18px; display: flex; align-items: center; justify-content: space-between; gap: 16px; }
.brand-left { display: flex; align-items: center; gap: 12px; min-width: 0; }
.brand img.logo { max-height: 42px; max-width: 150px; object-fit: contain; background: #fff; border-radius: 4px; padding: 3px; }
.brand img.photo { width: 44px; height: 44px; border-radius: 50%; object-fit: cover; border: 2px solid ${onPrimary}; }
.agent-name { font-size: 16px; font-weight: 700; }
.agent-meta { font-size: 10px; opacity: 0.92; }
.brand-right { text-align: right; }
.doc-title { font-size: 18px; font-weight: 700; letter-spacing: 0.02em; }
.doc-sub { font-size: 10px; opacity: 0.92; }
.property { margin-top: 16px; }
.address { font-size: 20px; font-weight: 700; }
.facts { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin-top: 10px; }
.fact { background: #f3f4f6; border-radius: 6px; padding: 7px 9px; }
.fact .k { font-size: 8.5px; color: #6b7280; text-transform: uppercase; letter-spacing: 0.05em; }
.fact .v { font-size: 13px; font-weight: 700; }
.extras { margin-top: 6px; color: #4b5563; font-size: 9.5px; }
.estimate { border: 1.5px solid ${primary}; border-radius: 8px; padding: 14px 18px; display: grid; grid-template-columns: 1.1fr 1fr; gap: 18px; align-items: center; }
.est-label { font-size: 10px; color: #4b5563; text-transform: uppercase; letter-spacing: 0.06em; }
.est-value { font-size: 32px; font-weight: 800; color: ${primary}; line-height: 1.1; }
.est-range { font-size: 13px; font-weight: 700; margin-top: 2px; }
.badge { display: inline-block; border-radius: 999px; padding: 2px 9px; font-size: 9.5px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; margin-top: 6px; }
.badge.high { background: #dcfce7; color: #166534; }
.badge.medium { background: #fef3c7; color: #92400e; }
.badge.low { background: #fee2e2; color: #991b1b; }
.meaning { font-size: 10.5px; color: #1f2937; }
.meaning p { margin: 0 0 6px; }
.rangebar { position: relative; height: 44px; margin: 8px 4px 0; }
.rangebar .track { position: absolute; top: 14px; left: 0; right: 0; height: 8px; background: #e5e7eb; border-radius: 4px; }
.rangebar .band { position: absolute; top: 14px; height: 8px; background: ${primary}; opacity: 0.35; border-radius: 4px; }
.rangebar .dot { position: absolute; top: 9px; width: 18px; height: 18px; margin-left: -9px; border-radius: 50%; background: ${primary}; border: 3px solid #fff; box-shadow: 0 0 0 1px ${primary}; }
.rangebar .lbl { position: absolute; top: 27px; font-size: 9px; color: #4b5563; transform: translateX(-50%); white-space: nowrap; }
.noest { border: 1.5px dashed #9ca3af; border-radius: 8px; padding: 14px 18px; background: #f9fafb; }
.noest .t { font-size: 15px; font-weight: 700; }
.flag { margin-top: 8px; background: #fffbeb; border-left: 3px solid #f59e0b; padding: 6px 9px; font-size: 9.5px; }
.how { margin-top: 8px; font-size: 9px; color: #4b5563; }
.how ul { margin: 3px 0 0; padding-left: 16px; }
table { width: 100%; border-collapse: collapse; font-size: 9px; }
th { text-align: left; font-size: 8px; text-transform: uppercase; letter-spacing: 0.04em; color: #4b5563; border-bottom: 1.5px solid #d1d5db; padding: 4px 5px; }
td { border-bottom: 1px solid #e5e7eb; padding: 5px 5px; vertical-align: top; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #f9fafb; }
.addr-main { font-weight: 700; }
.addr-sub { color: #6b7280; font-size: 8px; }
.muted { color: #6b7280; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(100px, 1fr)); gap: 8px; }
.kpi { background: #f3f4f6; border-radius: 6px; padding: 7px 9px; }
.kpi .k { font-size: 8.5px; color: #6b7280; text-transform: uppercase; letter-spacing: 0.05em; }
.kpi .v { font-size: 14px; font-weight: 700; }
.kpi .v.up { color: #166534; } .kpi .v.down { color: #991b1b; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-top: 10px; }
.chart h3 { font-size: 10.5px; margin-bottom: 2px; }
.chart svg { width: 100%; height: auto; }
.foot { margin-top: 18px; border-top: 1px solid #d1d5db; padding-top: 8px; font-size: 8.5px; color: #4b5563; break-inside: avoid; }
.fact.corrected { outline: 1.5px solid ${primary}; }
.fact .mark { color: ${primary}; font-weight: 800; }
.mapwrap { display: grid; grid-template-columns: 180px 1fr; gap: 16px; align-items: center; }
.legend { font-size: 9.5px; color: #4b5563; }
.legend p { margin: 0 0 5px; }
.sw { display: inline-block; width: 10px; height: 10px; vertical-align: -1px; margin-right: 4px; }
tr.adj td { background: transparent !important; border-bottom: 1px solid #e5e7eb; padding-top: 0; font-size: 8.5px; color: #4b5563; }
tr.main td { border-bottom: 0; }
.agentbox { display: flex; gap: 14px; align-items: center; background: #f3f4f6; border-radius: 8px; padding: 9px 14px; break-inside: avoid; }
.agentbox img { width: 52px; height: 52px; border-radius: 50%; object-fit: cover; }
.agentbox .n { font-size: 13px; font-weight: 700; }
.link { margin-top: 14px; background: #f3f4f6; border-radius: 6px; padding: 9px 12px; font-size: 10px; break-inside: avoid; }
.link a { color: ${primary}; font-weight: 700; word-break: break-all; text-decoration: none; }
`;
}

function header(model: ReportModel, onPrimary: string): string {
  const a = model.agent;
  const logo = httpsUrl(a.logoUrl);
  const photo = httpsUrl(a.photoUrl);
  const contact = [a.phone ? formatPhone(a.phone) : null, a.email]
    .filter((x): x is string => !!x)
    .map(h)
    .join(' &nbsp;·&nbsp; ');
  return `<header class="brand">
  <div class="brand-left">
    ${logo ? `<img class="logo" src="${h(logo)}" alt="${h(a.brokerage ?? a.name)} logo">` : ''}
    ${photo ? `<img class="photo" src="${h(photo)}" alt="${h(a.name)}">` : ''}
    <div>
      <div class="agent-name">${h(a.name)}</div>
      ${a.brokerage ? `<div class="agent-meta">${h(a.brokerage)}</div>` : ''}
      ${contact ? `<div class="agent-meta">${contact}</div>` : ''}
    </div>
  </div>
  <div class="brand-right" style="color:${onPrimary}">
    <div class="doc-title">Home Value Report</div>
    <div class="doc-sub">Prepared ${h(formatDate(model.completedAt ?? model.createdAt))}</div>
  </div>
</header>`;
}

function fact(k: string, v: string, corrected = false): string {
  return `<div class="fact${corrected ? ' corrected' : ''}"><div class="k">${h(k)}</div><div class="v">${h(v)}${corrected ? '<span class="mark"> *</span>' : ''}</div></div>`;
}

function property(model: ReportModel, subject: Subject | null): string {
  if (!subject) {
    return `<section class="property" data-section="property"><div class="address">${h(model.propertyAddress)}</div>
<p class="muted">We could not find this property's details in the MLS records.</p></section>`;
  }
  const extras: string[] = [];
  if (subject.yearRenovated) extras.push(`Renovated ${subject.yearRenovated}`);
  if (subject.waterfront) extras.push('Waterfront');
  if (subject.view !== null && subject.view > 0) extras.push(`View rating ${subject.view} of 4`);
  if (subject.grade !== null) extras.push(`Construction grade ${subject.grade} of 13`);
  if (subject.condition !== null) extras.push(`Condition ${subject.condition} of 5`);
  const corrected = new Set<keyof PropertyFacts>(subject.consumerProvided ?? []);
  const c = (k: keyof PropertyFacts) => corrected.has(k);
  if (corrected.size) extras.push('* As you told us; it differs from, or was missing in, the public record');
  return `<section class="property" data-section="property">
  <div class="address">${h(subject.address || model.propertyAddress)}</div>
  <div class="facts">
    ${fact('Bedrooms', formatInt(subject.bedrooms), c('bedrooms'))}
    ${fact('Bathrooms', formatBaths(subject.bathrooms), c('bathrooms'))}
    ${fact('Living area', subject.sqftLiving ? `${formatInt(subject.sqftLiving)} sq ft` : '—', c('sqftLiving'))}
    ${fact('Lot', subject.sqftLot ? `${formatInt(subject.sqftLot)} sq ft` : '—', c('sqftLot'))}
    ${fact('Year built', subject.yearBuilt ? String(subject.yearBuilt) : '—', c('yearBuilt'))}
    ${fact('Floors', subject.floors !== null ? String(subject.floors) : '—', c('floors'))}
  </div>
  ${extras.length ? `<div class="extras">${extras.map(h).join(' &nbsp;·&nbsp; ')}</div>` : ''}
</section>`;
}

function rangeBar(low: number, value: number, high: number): string {
  const span = high - low;
  const pos = (x: number) => (span > 0 ? 12 + ((x - low) / span) * 76 : 50);
  return `<div class="rangebar" aria-hidden="true">
  <div class="track"></div>
  <div class="band" style="left:12%;width:76%"></div>
  <div class="dot" style="left:${pos(value).toFixed(1)}%"></div>
  <div class="lbl" style="left:12%">${h(formatMoney(low))}</div>
  <div class="lbl" style="left:88%">${h(formatMoney(high))}</div>
</div>`;
}

function howWeGotIt(v: Valuation): string {
  const items = [v.searchStep ? `Comparable sales: ${v.searchStep}.` : '', ...v.notes].filter(Boolean);
  if (!items.length) return '';
  return `<div class="how"><strong>How we got this number</strong><ul>${items.map((n) => `<li>${h(n)}</li>`).join('')}</ul></div>`;
}

function estimateSection(model: ReportModel): string {
  const v = model.valuation;
  const e = v?.estimate ?? null;
  if (!v || !e) {
    const reason =
      v?.flagReason ??
      model.failureReason ??
      (model.status === 'completed'
        ? 'There were not enough comparable sales to calculate a reliable value.'
        : 'The report is still being prepared.');
    return `<section data-section="estimate"><h2>Estimated value</h2><div class="noest">
  <div class="t">No estimate for this home</div>
  <p>${h(reason)}</p>
  <p class="muted">The comparable sales and market statistics below still show what similar homes nearby have sold for. ${h(model.agent.name)} has your request and will follow up with a personal valuation${model.agent.phone ? ` (call or text ${h(formatPhone(model.agent.phone))})` : ''}.</p>
</div>${v ? howWeGotIt(v) : ''}</section>`;
  }
  const coverage = Math.round(e.coverage * 100);
  const n = v.comps.length;
  const tier = v.confidence;
  return `<section data-section="estimate"><h2>Estimated value</h2><div class="estimate">
  <div>
    <div class="est-label">Estimated market value</div>
    <div class="est-value">${h(formatMoney(e.value))}</div>
    <div class="est-range">${h(formatMoney(e.low))} – ${h(formatMoney(e.high))}</div>
    ${tier ? `<span class="badge ${tier}">${h(tier)} confidence</span>` : ''}
    ${rangeBar(e.low, e.value, e.high)}
  </div>
  <div class="meaning">
    <p>Based on ${n} recent sale${n === 1 ? '' : 's'} of similar homes nearby, adjusted for their differences from this home, we estimate it would sell for about <strong>${h(formatMoney(e.value))}</strong> as of ${h(formatDate(v.valuationDate))}.</p>
    <p>In our tests on past sales, about ${coverage}% of homes sold within a range like <strong>${h(formatMoney(e.low))} – ${h(formatMoney(e.high))}</strong>.</p>
    ${tier ? `<p><strong>${h(tier[0]!.toUpperCase() + tier.slice(1))} confidence:</strong> ${h(CONFIDENCE_WORDS[tier])}</p>` : ''}
  </div>
</div>
${v.flagged && v.flagReason ? `<div class="flag"><strong>Please note:</strong> ${h(v.flagReason)}</div>` : ''}
${howWeGotIt(v)}</section>`;
}

function compRow(c: CompDetail, i: number, totalWeight: number): string {
  const s = c.sale;
  const ppsf = s.sqftLiving ? s.closePrice / s.sqftLiving : null;
  const addr = s.address
    ? `<div class="addr-main">${h(s.address)}</div>${s.city ? `<div class="addr-sub">${h(s.city)}${s.postalCode ? ` ${h(s.postalCode)}` : ''}</div>` : ''}`
    : `<div class="addr-main muted">Undisclosed address</div>${s.city || s.postalCode ? `<div class="addr-sub">${h([s.city, s.postalCode].filter(Boolean).join(' '))}</div>` : ''}`;
  const beds = s.bedrooms ?? '—';
  const weight = totalWeight > 0 ? c.weight / totalWeight : 0;
  const adj = c.adjustments.length
    ? c.adjustments.map((a) => `${h(FACTOR_LABEL[a.factor] ?? a.factor)} ${h(signedMoney(a.amount))}`).join(' &nbsp;·&nbsp; ')
    : 'No adjustments';
  return `<tr class="main">
  <td class="num muted">${i + 1}</td>
  <td>${addr}</td>
  <td class="num">${h(kmToMiles(c.distanceKm).toFixed(2))} mi</td>
  <td class="num">${h(formatDate(s.closeDate))}</td>
  <td class="num">${h(formatMoney(s.closePrice))}</td>
  <td class="num">${ppsf ? h(formatMoney(ppsf)) : '—'}</td>
  <td class="num">${h(String(beds))} / ${h(formatBaths(s.bathrooms))}</td>
  <td class="num">${h(formatInt(s.sqftLiving))}</td>
  <td class="num"><strong>${h(formatMoney(c.adjustedPrice))}</strong></td>
  <td class="num">${h(formatPercent(weight, false, 0))}</td>
</tr>
<tr class="adj"><td></td><td colspan="9">Adjustments: ${adj}</td></tr>`;
}

const FACTOR_LABEL: Record<string, string> = {
  time: 'Market change',
  size: 'Living area',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  age: 'Age',
  lot: 'Lot',
  grade: 'Quality',
  condition: 'Condition',
  view: 'View',
  waterfront: 'Waterfront',
  location: 'Location',
};

function signedMoney(n: number): string {
  if (Math.round(n) === 0) return '$0';
  return `${n > 0 ? '+' : '−'}${formatMoney(Math.abs(n))}`;
}

/** Comps by weight, heaviest first: the numbering of the map, the table and the page. */
function sortedComps(v: Valuation | null): CompDetail[] {
  return [...(v?.comps ?? [])].sort((a, b) => b.weight - a.weight);
}

function mapSection(subject: Subject | null, comps: CompDetail[], primary: string): string {
  if (!subject || comps.length === 0) return '';
  const within = Math.max(...comps.map((c) => c.distanceKm));
  return `<section data-section="map"><h2>Where these sales are</h2>
<div class="mapwrap">${compPlotSvg(subject, comps, primary, 180)}
<div class="legend">
  <p><span class="sw" style="background:#b45309;transform:rotate(45deg) scale(.8)"></span>This home &nbsp; <span class="sw" style="background:${primary};border-radius:50%"></span>Comparable sale (numbers match the table)</p>
  <p>${comps.length} sale${comps.length === 1 ? '' : 's'} within ${h(kmToMiles(within).toFixed(1))} mi. North is up; rings show distance from the home.</p>
</div></div></section>`;
}

function compsSection(v: Valuation | null): string {
  if (!v || v.comps.length === 0) {
    return `<section data-section="comps"><h2>Comparable sales</h2><p class="muted">No comparable sales were found near this home.</p></section>`;
  }
  const comps = sortedComps(v);
  const total = comps.reduce((s, c) => s + c.weight, 0);
  return `<section style="break-inside:auto" data-section="comps"><h2>Comparable sales</h2>
<table>
  <thead><tr>
    <th class="num">#</th><th>Address</th><th class="num">Distance</th><th class="num">Sold</th><th class="num">Sale price</th>
    <th class="num">$/sq ft</th><th class="num">Bd / Ba</th><th class="num">Sq ft</th><th class="num">Adjusted</th><th class="num">Weight</th>
  </tr></thead>
  <tbody>${comps.map((c, i) => compRow(c, i, total)).join('')}</tbody>
</table>
<p class="muted" style="margin:5px 0 0;font-size:8.5px">Adjusted price: what each sale would have fetched for this home, after adjusting for time of sale, size, rooms, age, lot and other differences. Weight: how much each sale counts toward the estimate (more similar sales count more).</p>
</section>`;
}

function kpi(k: string, v: string, cls = ''): string {
  return `<div class="kpi"><div class="k">${h(k)}</div><div class="v ${cls}">${h(v)}</div></div>`;
}

function marketSection(m: MarketStats | null, primary: string): string {
  if (!m)
    return `<section data-section="market"><h2>Market statistics</h2><p class="muted">Market statistics are not available for this area.</p></section>`;
  const yoy = m.priceChangeYoY;
  const kpis = [
    kpi('Median sale price', formatMoney(m.medianPrice)),
    kpi('Median $/sq ft', formatMoney(m.medianPricePerSqft)),
    kpi('$/sq ft vs last year', formatPercent(yoy, true), yoy === null ? '' : yoy >= 0 ? 'up' : 'down'),
    kpi('Homes sold', formatInt(m.salesCount)),
  ];
  if (m.medianDaysOnMarket !== null) kpis.push(kpi('Median days on market', formatInt(m.medianDaysOnMarket)));
  // A feed without active listings reports 0 listings and no days on market: show neither (as the page).
  if (m.activeListings !== null && (m.activeListings > 0 || m.medianDaysOnMarket !== null))
    kpis.push(kpi('Active listings', formatInt(m.activeListings)));
  const ppsf = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.medianPricePerSqft })),
    { title: 'Median price per square foot by month', color: primary, formatValue: (n) => `$${Math.round(n)}`, zeroBased: false },
  );
  const count = barChartSvg(
    m.monthly.map((p) => ({ month: p.month, value: p.sales })),
    { title: 'Homes sold by month', color: '#6b7280', formatValue: (n) => formatInt(n), integer: true },
  );
  return `<section data-section="market"><h2>Market statistics</h2>
<p class="muted" style="margin:0 0 8px">Sales ${h(m.areaLabel)}, through ${h(formatDate(m.asOf))}.</p>
<div class="kpis">${kpis.join('')}</div>
<div class="charts">
  <div class="chart"><h3>Median $/sq ft by month</h3>${ppsf}</div>
  <div class="chart"><h3>Homes sold by month</h3>${count}</div>
</div>
${priceDistribution(m)}
</section>`;
}

function priceDistribution(m: MarketStats): string {
  const buckets = m.priceDistribution.filter((b) => b.count > 0 || m.priceDistribution.length <= 12);
  if (!buckets.length) return '';
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const rows = buckets
    .map(
      (b) => `<tr><td style="width:32%;border:0;padding:1px 5px" class="num">${h(formatMoneyShort(b.min))} – ${h(formatMoneyShort(b.max))}</td>
<td style="border:0;padding:1px 5px"><div style="height:8px;border-radius:2px;background:#9ca3af;width:${((b.count / max) * 100).toFixed(1)}%"></div></td>
<td style="width:8%;border:0;padding:1px 5px" class="num">${h(formatInt(b.count))}</td></tr>`,
    )
    .join('');
  return `<div style="margin-top:10px"><h3 style="font-size:10.5px;margin-bottom:3px">Sale prices</h3><table>${rows}</table></div>`;
}

function agentSection(model: ReportModel, link: string): string {
  const a = model.agent;
  const photo = httpsUrl(a.photoUrl);
  const contact = [a.phone ? `Call or text ${h(formatPhone(a.phone))}` : '', a.email ? h(a.email) : ''].filter(Boolean).join(' &nbsp;·&nbsp; ');
  return `<section data-section="agent"><h2>Your agent</h2>
<div class="agentbox">${photo ? `<img src="${h(photo)}" alt="${h(a.name)}">` : ''}
<div><div class="n">${h(a.name)}</div>${a.brokerage ? `<div class="muted">${h(a.brokerage)}</div>` : ''}${contact ? `<div>${contact}</div>` : ''}
<div class="muted" style="margin-top:3px">Questions about your home’s value? A visit can refine this estimate.</div>
<div style="margin-top:4px">Interactive report: <a href="${h(link)}" style="color:inherit;font-weight:700;word-break:break-all">${h(link)}</a></div></div></div>
</section>`;
}

/**
 * The report as one self-contained, print-friendly HTML document for the PDF: inline CSS and SVG,
 * no scripts, nothing fetched except an https agent logo/photo. Every value from the model is
 * escaped; colours must be hex; the consumer's phone number is not in the model and never shown.
 */
export function renderReportHtml(model: ReportModel, opts: ReportHtmlOptions): string {
  const primary = validHexColor(model.agent.primaryColor) ?? DEFAULT_PRIMARY;
  const onPrimary = textColorOn(primary);
  const link = checkedLink(opts.publicUrl);
  const title = `Home Value Report — ${model.propertyAddress}`;
  const dataAsOf = model.dataAsOf ?? model.market?.asOf ?? null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data:; style-src 'unsafe-inline'">
<title>${h(title)}</title>
<style>${css(primary, onPrimary)}</style>
</head>
<body>
${header(model, onPrimary)}
${property(model, model.subject)}
${estimateSection(model)}
${mapSection(model.subject, sortedComps(model.valuation), primary)}
${compsSection(model.valuation)}
${marketSection(model.market, primary)}
${agentSection(model, link)}
<footer class="foot" data-section="disclaimer">
  <p style="margin:0 0 4px">${h(model.disclaimer || DEFAULT_DISCLAIMER)}</p>
  <p style="margin:0">${dataAsOf ? `Data as of ${h(formatDate(dataAsOf))}. ` : ''}Report ${h(model.id.slice(0, 8))} · prepared for you by ${h(model.agent.name)}${model.agent.brokerage ? `, ${h(model.agent.brokerage)}` : ''}.</p>
</footer>
</body>
</html>`;
}
