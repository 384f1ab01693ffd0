/**
 * The words of a report, written once from the core's account of it (decision 0025) and used as they
 * are by the report page, its PDF and the e-mails: the estimate's parts, the range sentence, the
 * confidence wording, the comps' headings and adjustments, the market story, the data notes. US
 * English, miles, US dates; no pipeline terms or county codes.
 */
import {
  type Adjustment,
  type CompDetail,
  type CompsBasis,
  type ConfidenceTier,
  compassPoint,
  type Estimate,
  type EstimateAccount,
  isSurprising,
  type MarketStats,
  type MarketStory,
  type Sale,
  type Subject,
  type Valuation,
} from '@opencma/core';
import { date, monthYear } from './dates';
import { baths, coverageWords, miles, money, moneyShort, number, percent } from './format';

/** The name of an adjustment's factor, the same in the page's list and the PDF's table. */
export const ADJUSTMENT_LABEL: Record<string, string> = {
  time: 'Market change',
  size: 'Living area',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  age: 'Age',
  renovation: 'Renovation',
  floors: 'Floors',
  lot: 'Lot size',
  grade: 'Construction quality',
  condition: 'Condition',
  view: 'View',
  waterfront: 'Waterfront',
  location: 'Location',
};

/** One confidence wording for every face of a report. */
export const CONFIDENCE: Record<ConfidenceTier, { label: string; meaning: string }> = {
  high: {
    label: 'High confidence',
    meaning: 'Plenty of similar homes have sold nearby recently, and their prices agree closely.',
  },
  medium: {
    label: 'Medium confidence',
    meaning: 'There are good comparable sales, but they differ more from each other, so the range is wider.',
  },
  low: {
    label: 'Low confidence',
    meaning: 'Few similar homes have sold nearby recently. Treat this as a starting point; a visit can refine it.',
  },
};

/** The one range sentence: "We expect about 8 in 10 homes like this to sell between $967,000 and $1,117,000." */
export function rangeSentence(est: Estimate): string {
  return `We expect ${coverageWords(est.coverage)} homes like this to sell between ${money(est.low)} and ${money(est.high)}.`;
}

/** "Comparable sales suggest $X; the market model suggests $Y; the estimate weighs them A% / B%." (comps only without a model). */
export function accountSummary(account: EstimateAccount): string {
  const m = account.marketModel;
  if (!m) {
    return `The estimate comes from nearby sales alone: the comparable sales, each adjusted to your home, and a price model of earlier nearby sales suggest ${money(
      account.comps.value,
    )}. No market-wide model was used for this home.`;
  }
  const movement = marketMovementPercent(account);
  const moved =
    movement === 0
      ? ''
      : ` Recent sales sold about ${Math.abs(movement)}% ${movement > 0 ? 'above' : 'below'} what both suggested for them, so the estimate is moved ${movement > 0 ? 'up' : 'down'} ${Math.abs(movement)}%.`;
  return `Comparable sales suggest ${money(account.comps.value)}; the market model suggests ${money(m.value)}; the estimate weighs them ${account.comps.percent}% / ${m.percent}%.${moved}`;
}

/** The blend's market movement in percent with one decimal (0 when it rounds to nothing or there is none). */
export function marketMovementPercent(account: Pick<EstimateAccount, 'marketDrift'>): number {
  const pct = Math.round((account.marketDrift ?? 0) * 1000) / 10;
  return pct === 0 ? 0 : pct;
}

/** What the account's table means, in one sentence under it (with the market movement when the estimate has one). */
export function accountNote(account: EstimateAccount | null): string {
  const base =
    'Each part is what it suggests your home is worth and its share of the estimate; the shares add up to 100%, and the estimate is their weighted average';
  const movement = account ? marketMovementPercent(account) : 0;
  return movement === 0 ? `${base}.` : `${base}, moved ${movement > 0 ? 'up' : 'down'} ${Math.abs(movement)}% for recent market movement.`;
}

/** The name of one line of the account (comps by their number on the map and in the list). */
export function accountLineLabel(line: EstimateAccount['lines'][number], headings: readonly string[]): string {
  if (line.kind === 'comp') return `Sale ${line.compIndex! + 1}: ${headings[line.compIndex!] ?? ''}`;
  if (line.kind === 'local-model') return 'Price model of earlier nearby sales';
  return 'Market model of all recent sales in the area';
}

/** "Based on 8 recent sales of similar homes within 0.6 mi of yours, sold Jul 2024 – Feb 2025." */
export function basisSentence(basis: CompsBasis): string {
  const n = basis.count;
  const from = date(basis.oldestSale.slice(0, 7));
  const to = date(basis.newestSale.slice(0, 7));
  return `Based on ${n} recent sale${n === 1 ? '' : 's'} of similar home${n === 1 ? '' : 's'} within ${miles(basis.farthestKm)} of yours, sold ${
    from === to ? `in ${from}` : `${from} – ${to}`
  }.`;
}

/** Said once above the comps when the MLS shows some without a street address, with the reason. */
export function withheldAddressNote(basis: CompsBasis): string | null {
  const n = basis.withheldAddresses;
  if (n === 0) return null;
  const which = n === basis.count ? (n === 1 ? 'this sale' : `any of these ${n} sales`) : `${n} of these ${basis.count} sales`;
  return `The MLS does not publish the street address of ${which}: sellers may ask it to keep their address private. ${
    n === 1 ? 'It is' : 'They are'
  } described by size, distance and sale month instead.`;
}

/**
 * A heading per comp that tells them apart: the street address, or "3 bd home 0.4 mi NE, sold Mar 2015"
 * when the MLS withholds it; the sale price is added to any heading that would otherwise repeat.
 */
export function compHeadings(comps: readonly CompDetail[], subject: Subject | null): string[] {
  const heading = (c: CompDetail, when: string) => {
    const s = c.sale;
    if (s.address) return s.address;
    const close = c.distanceKm * 0.621371 < 0.05;
    const dir = subject && !close ? compassPoint(subject, s) : null;
    const what = s.bedrooms != null ? `${number(s.bedrooms)} bd home` : 'Home';
    return `${what} ${miles(c.distanceKm)}${close ? ' away' : dir ? ` ${dir}` : ''}, sold ${when}`;
  };
  // month first; where that repeats, the sale's day, then its price, then its number
  const levels = [
    (c: CompDetail, _i: number) => heading(c, date(c.sale.closeDate.slice(0, 7))),
    (c: CompDetail, _i: number) => heading(c, date(c.sale.closeDate)),
    (c: CompDetail, _i: number) => `${heading(c, date(c.sale.closeDate))}, ${moneyShort(c.sale.closePrice)}`,
    (c: CompDetail, i: number) => `${heading(c, date(c.sale.closeDate))}, ${moneyShort(c.sale.closePrice)} (sale ${i + 1})`,
  ];
  const out = comps.map((c) => levels[0]!(c, 0));
  for (let level = 1; level < levels.length; level++) {
    const counts = new Map<string, number>();
    for (const h of out) counts.set(h, (counts.get(h) ?? 0) + 1);
    if ([...counts.values()].every((n) => n === 1)) break;
    out.forEach((h, i) => {
      if ((counts.get(h) ?? 0) > 1) out[i] = levels[level]!(comps[i]!, i);
    });
  }
  return out;
}

const count = (n: number, one: string, many: string) => `${Math.abs(n) === 1 ? 'one' : number(Math.abs(n))} ${Math.abs(n) === 1 ? one : many}`;

/** "one more bedroom than yours (4 vs 3)" from the sale's and the home's values. */
function moreOrFewer(saleValue: number, homeValue: number, one: string, many: string): string {
  const d = saleValue - homeValue;
  if (d === 0) return `as many ${many} as yours`;
  return `${count(d, one, many).replace(/^(\S+) /, `$1 ${d > 0 ? 'more' : 'fewer'} `)} than yours (${number(saleValue)} vs ${number(homeValue)})`;
}

/** How the sale differs from the home on one factor, as "this home has …"; null when the facts are unknown. */
function difference(factor: string, subject: Subject, s: Sale, amount: number): string | null {
  const known = (a: unknown, b: unknown) => a != null && b != null;
  switch (factor) {
    case 'time':
      return `local prices ${amount > 0 ? 'rose' : 'fell'} between this sale (${date(s.closeDate.slice(0, 7))}) and the date of the estimate`;
    case 'location':
      return `this home sits in a ${amount > 0 ? 'less' : 'more'} expensive spot than yours, judged from earlier nearby sales`;
    case 'size':
      return known(s.sqftLiving, subject.sqftLiving)
        ? `this home has ${number(s.sqftLiving)} sq ft of living area against your ${number(subject.sqftLiving)}`
        : null;
    case 'lot':
      return known(s.sqftLot, subject.sqftLot) ? `its lot is ${number(s.sqftLot)} sq ft against your ${number(subject.sqftLot)}` : null;
    case 'bedrooms':
      return known(s.bedrooms, subject.bedrooms) ? `this home has ${moreOrFewer(s.bedrooms!, subject.bedrooms!, 'bedroom', 'bedrooms')}` : null;
    case 'bathrooms':
      return known(s.bathrooms, subject.bathrooms)
        ? `this home has ${cmp(s.bathrooms!, subject.bathrooms!, 'more', 'fewer')} bathrooms than yours (${baths(s.bathrooms)} vs ${baths(subject.bathrooms)})`
        : null;
    case 'age':
      return known(s.yearBuilt, subject.yearBuilt) ? `it was built in ${s.yearBuilt}, yours in ${subject.yearBuilt}` : null;
    case 'renovation':
      return `it was ${s.yearRenovated ? `renovated in ${s.yearRenovated}` : 'never renovated'}, yours ${
        subject.yearRenovated ? `in ${subject.yearRenovated}` : 'never'
      }`;
    case 'floors':
      return known(s.floors, subject.floors) ? `it has ${s.floors} floors, yours ${subject.floors}` : null;
    case 'grade':
      return known(s.grade, subject.grade)
        ? `the county rates its construction ${cmp(s.grade!, subject.grade!, 'higher', 'lower')} than yours`
        : null;
    case 'condition':
      return known(s.condition, subject.condition)
        ? `the county rates its condition ${cmp(s.condition!, subject.condition!, 'better', 'worse')} than yours`
        : null;
    case 'view':
      return known(s.view, subject.view) ? `it has ${cmp(s.view!, subject.view!, 'more', 'less')} of a view than yours` : null;
    case 'waterfront':
      return known(s.waterfront, subject.waterfront)
        ? s.waterfront
          ? 'it is on the water and yours is not'
          : 'yours is on the water and it is not'
        : null;
    default:
      return null;
  }
}

const cmp = (a: number, b: number, more: string, less: string) => (a > b ? more : a < b ? less : 'the same');

/** Why an adjustment runs against intuition, in a sentence. */
function surpriseWhy(factor: string): string {
  switch (factor) {
    case 'bedrooms':
      return 'Around here, at the same living area, more bedrooms mean smaller rooms, and buyers have paid a little less for that.';
    case 'bathrooms':
      return 'Around here, once living area is counted, extra bathrooms have not added value in recent sales.';
    case 'lot':
      return 'Around here, once the house itself is counted, larger lots have not sold for more in recent sales.';
    case 'age':
      return 'Around here, older homes of the same size have sold for more in recent sales (often for their character or location).';
    default:
      return 'In recent nearby sales, once size and location are counted, this difference has gone with prices the other way.';
  }
}

/** One adjustment in plain words (report-story.ts also gathers the surprising ones for the PDF): "Adjusted down because this home has one more bedroom than yours (4 vs 3)." */
export function adjustmentSentence(adj: Adjustment, subject: Subject | null, sale: Sale): string {
  if (adj.amount === 0) return 'Not adjusted: this fact is not known for this sale.';
  const dir = adj.amount > 0 ? 'up' : 'down';
  const why = subject ? difference(adj.factor, subject, sale, adj.amount) : null;
  const first = why ? `Adjusted ${dir} because ${why}.` : `Adjusted ${dir}.`;
  return subject && isSurprising(adj, subject, sale) ? `${first} ${surpriseWhy(adj.factor)}` : first;
}

/** The market area in words: "within 1 mile of your home"; older reports' "Within 2 km of the home" in miles. */
export function marketAreaWords(market: MarketStats): string {
  const r = market.radiusMiles;
  if (r != null) return `within ${r} mile${r === 1 ? '' : 's'} of your home`;
  return market.areaLabel.replace(/(\d+(?:\.\d+)?)\s*km\b/g, (_, km: string) => miles(Number(km))).replace(/^Within/, 'within');
}

const DIRECTION: Record<NonNullable<NonNullable<MarketStory['position']>['reason']>, (p: NonNullable<MarketStory['position']>) => string> = {
  smaller: (p) => `your home is smaller than most that sold here (${number(p.subjectSqft)} sq ft against a median of ${number(p.areaSqft)})`,
  larger: (p) => `your home is larger than most that sold here (${number(p.subjectSqft)} sq ft against a median of ${number(p.areaSqft)})`,
  'lower-per-sqft': () => 'homes like yours sell for less per square foot than the typical sale here',
  'higher-per-sqft': () => 'homes like yours sell for more per square foot than the typical sale here',
  typical: (p) =>
    p.subjectSqft && p.areaSqft && Math.abs(p.subjectSqft / p.areaSqft - 1) < 0.15 ? 'your home is close to the typical size of homes sold here' : '',
};

/** The market's story in one or two sentences, from the same sales as the section's figures. */
export function marketSentence(story: MarketStory, market: MarketStats): string {
  const area = marketAreaWords(market);
  const t = story.trend;
  const trend =
    t == null
      ? `${number(story.salesCount)} home${story.salesCount === 1 ? '' : 's'} sold ${area} in the past 12 months`
      : Math.abs(t) < 0.01
        ? `Prices per square foot ${area} held about steady over the past year`
        : `Prices per square foot ${area} ${t > 0 ? 'rose' : 'fell'} ${percent(Math.abs(t), Math.abs(t) < 0.1 ? 1 : 0)} over the past year`;
  const pace = [
    story.medianDaysOnMarket != null &&
      `homes sold in a median of ${number(story.medianDaysOnMarket)} day${story.medianDaysOnMarket === 1 ? '' : 's'} on the market`,
    story.medianSaleToList != null && `at ${percent(story.medianSaleToList, 0)} of their asking price`,
  ].filter(Boolean);
  let first = trend;
  if (pace.length) first += `; ${pace.join(', ')}`;
  const p = story.position;
  if (!p || story.medianPrice == null) return `${first}.`;
  const relation = p.relation === 'near' ? 'near' : p.relation;
  const because = p.reason ? DIRECTION[p.reason](p) : '';
  return `${first}. Your estimate is ${relation} the area’s median sale price of ${moneyShort(story.medianPrice)}${because ? ` because ${because}` : ''}.`;
}

/** "Mar 2015 is partial: sales through Mar 14, 2015." for a month the data does not cover to its end. */
export function partialMonthNote(market: MarketStats): string | null {
  const partial = market.monthly.filter((m) => m.complete === false);
  if (partial.length === 0) return null;
  return `${partial.map((m) => date(m.month)).join(', ')} ${partial.length === 1 ? 'is' : 'are'} partial: sales through ${date(market.asOf)}, so ${
    partial.length === 1 ? 'it is' : 'they are'
  } not charted.`;
}

/** The visible note on a report valued from the bundled demo sales; null for a real MLS. */
export function demoDataNote(valuation: Valuation | null, dataAsOf: string | null): string | null {
  if (valuation?.dataSource !== 'demo') return null;
  return `Demo data: sales through ${monthYear(dataAsOf ?? valuation.valuationDate)}. This report is valued from public King County sales bundled with OpenCMA, as of then, not today.`;
}
