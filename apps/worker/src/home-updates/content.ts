import { equity, haversineKm, owedOn, type OwedOnFile, type Sale, type Subject } from '@opencma/core';
import { type ConsumerReport, type HomeSubscription, type HomeUpdate, owedOnFileOf } from '@opencma/db';
import { date, marketWords, miles, money, number } from '@opencma/view';
import type { Gathered } from '../tasks/process-consumer-report';
import type { HomeUpdateEmailInput } from './email';

/** How many of the new nearby sales an update lists (the closest). */
export const NEW_SALES_LISTED = 5;

/** "3 bd · 1,850 sq ft · 0.3 mi · sold $612,000 on Apr 12, 2015" (what the MLS does not know is left out). */
export function newSaleLine(sale: Sale, subject: Pick<Subject, 'latitude' | 'longitude'>): string {
  return [
    sale.bedrooms != null && `${number(sale.bedrooms)} bd`,
    sale.sqftLiving != null && `${number(sale.sqftLiving)} sq ft`,
    miles(haversineKm(subject.latitude, subject.longitude, sale.latitude, sale.longitude)),
    `sold ${money(sale.closePrice)} on ${date(sale.closeDate)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export interface UpdateContentInput {
  gathered: Pick<Gathered, 'subject' | 'market' | 'valuationDate' | 'areaSales'>;
  estimate: { value: number; low: number; high: number } | null;
  /** The valuation date of the previous sent update, else of the first report: sales from that day on are new. */
  sinceDate: string | null;
  /** What the homeowner gave for their equity line (decision 0035), or null. */
  owed: OwedOnFile | null;
}

/**
 * What an update says beyond the estimate (issue #19): the market area's sales that closed since the
 * last valuation, closest first; the market's sentence in the report's own words (@opencma/view); and
 * the equity, only when the homeowner gave what they owe. Pure.
 */
export function updateContent(input: UpdateContentInput): Pick<HomeUpdateEmailInput, 'newSales' | 'market' | 'equity'> {
  const { gathered, estimate, sinceDate } = input;
  const { subject } = gathered;
  const fresh = sinceDate
    ? gathered.areaSales
        .filter((s) => s.closeDate.slice(0, 10) >= sinceDate && s.closeDate.slice(0, 10) < gathered.valuationDate)
        .map((s) => ({ s, km: haversineKm(subject.latitude, subject.longitude, s.latitude, s.longitude) }))
        .sort((a, b) => a.km - b.km || b.s.closeDate.localeCompare(a.s.closeDate) || a.s.id.localeCompare(b.s.id))
    : [];
  const owed = input.owed && estimate ? owedOn(input.owed, gathered.valuationDate) : null;
  return {
    newSales: sinceDate
      ? { since: sinceDate, total: fresh.length, lines: fresh.slice(0, NEW_SALES_LISTED).map(({ s }) => newSaleLine(s, subject)) }
      : null,
    market: gathered.market.salesCount > 0 ? marketWords(gathered.market, estimate?.value ?? null, subject) : null,
    equity: owed !== null && estimate ? { ...equity(estimate, owed), owed, estimated: input.owed?.kind === 'loan' } : null,
  };
}

/**
 * Everything send_home_update adds to the e-mail beyond the estimate and changes: the content above
 * (new sales since the previous sent update's valuation, else the first report's), and the links to
 * the home's value history and the subscription's preferences page.
 */
export function homeUpdateExtras(input: {
  publicBaseUrl: string;
  gathered: UpdateContentInput['gathered'];
  estimate: UpdateContentInput['estimate'];
  report: Pick<ConsumerReport, 'id' | 'valuation'>;
  previous: Pick<HomeUpdate, 'valuation'> | null;
  subscription: HomeSubscription;
}): Pick<HomeUpdateEmailInput, 'newSales' | 'market' | 'equity' | 'historyUrl' | 'preferencesUrl'> {
  const { publicBaseUrl, subscription } = input;
  return {
    ...updateContent({
      gathered: input.gathered,
      estimate: input.estimate,
      sinceDate: input.previous?.valuation?.valuationDate ?? input.report.valuation?.valuationDate ?? null,
      owed: owedOnFileOf(subscription),
    }),
    historyUrl: historyUrl(publicBaseUrl, input.report.id),
    preferencesUrl: preferencesUrl(publicBaseUrl, subscription.unsubscribe_token),
  };
}

/** The home's value history page (apps/web app/r/[id]/history): the same capability as the report. */
export const historyUrl = (publicBaseUrl: string, reportId: string) => `${publicBaseUrl}/r/${encodeURIComponent(reportId)}/history`;

/** The subscription's preferences page (apps/web app/home-updates/[token]). */
export const preferencesUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/home-updates/${encodeURIComponent(token)}`;
