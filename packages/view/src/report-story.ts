/**
 * Everything a face of a report says about its numbers, gathered once from the model (decision 0025):
 * the comps in their order, the core's account of the estimate and the market, and their words. The
 * page, the PDF and the e-mails lay this out; none of them words a figure on its own.
 */
import {
  compsBasis,
  estimateAccount,
  isSurprising,
  marketStory,
  type CompDetail,
  type EstimateAccount,
  type MarketStats,
  type ReportModel,
  type Subject,
} from '@opencma/core';
import {
  accountNote,
  accountLineLabel,
  adjustmentSentence,
  accountSummary,
  basisSentence,
  CONFIDENCE,
  compHeadings,
  demoDataNote,
  marketAreaWords,
  marketSentence,
  partialMonthNote,
  rangeSentence,
  withheldAddressNote,
} from './report-words';

export interface ReportStory {
  /** The comps, heaviest first: the numbering of the map, the list and the account. */
  comps: CompDetail[];
  /** A distinct heading per comp (its address, or size, distance, direction and sale month). */
  headings: string[];
  /** Per comp, the sentences explaining its adjustments whose sign runs against intuition (the PDF's table shows only these). */
  surprises: string[][];
  /** Each comp's whole-percent share of the estimate (as in the account), by comp. */
  compShares: (number | null)[];
  account: EstimateAccount | null;
  /** The account as rows: label, the value the part suggests, its whole-percent share (sum 100). */
  accountRows: { label: string; value: number; percent: number }[];
  accountSummary: string | null;
  accountNote: string;
  range: string | null;
  confidence: { label: string; meaning: string } | null;
  basis: string | null;
  withheldNote: string | null;
  /** The market's sentence, its area in words, the price trend it states (a fraction) and the partial-month note. */
  market: { sentence: string; area: string; trend: number | null; partialNote: string | null } | null;
  demoNote: string | null;
}

export function reportStory(model: ReportModel): ReportStory {
  const v = model.valuation;
  const comps = [...(v?.comps ?? [])].sort((a, b) => b.weight - a.weight);
  const headings = compHeadings(comps, model.subject);
  const account = estimateAccount(v, comps);
  const basis = compsBasis(comps);
  const est = v?.estimate ?? null;
  const story = model.market && marketStory(model.market, est?.value ?? null, model.subject);
  const subject = model.subject;
  return {
    comps,
    headings,
    surprises: comps.map((c) =>
      subject ? c.adjustments.filter((a) => isSurprising(a, subject, c.sale)).map((a) => adjustmentSentence(a, subject, c.sale)) : [],
    ),
    compShares: comps.map((_, i) => account?.lines.find((l) => l.kind === 'comp' && l.compIndex === i)?.percent ?? null),
    account,
    accountRows: (account?.lines ?? []).map((l) => ({ label: accountLineLabel(l, headings), value: l.value, percent: l.percent })),
    accountSummary: account && accountSummary(account),
    accountNote: accountNote(account),
    range: est && rangeSentence(est),
    confidence: v?.confidence ? CONFIDENCE[v.confidence] : null,
    basis: basis && basisSentence(basis),
    withheldNote: basis && withheldAddressNote(basis),
    market: model.market &&
      story && {
        sentence: marketSentence(story, model.market),
        area: marketAreaWords(model.market),
        trend: story.trend,
        partialNote: partialMonthNote(model.market),
      },
    demoNote: demoDataNote(v, model.dataAsOf),
  };
}

/**
 * The market's sentence for a valuation that is not a whole report model (the value-update e-mails):
 * the same words the report page and its PDF show for the same statistics, estimate and home.
 */
export function marketWords(market: MarketStats, estimate: number | null, subject: Subject | null): string {
  return marketSentence(marketStory(market, estimate, subject), market);
}
