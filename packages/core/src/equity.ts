/**
 * Mortgage, equity and net-proceeds arithmetic (issue #19). Pure functions, shared by the server
 * (report page without JavaScript) and the browser calculator (bundled with the report script).
 * Money is in dollars; results are rounded to cents only at the edges (`roundCents`).
 */

export interface LoanTerms {
  /** Amount borrowed. When absent, `purchasePrice − downPayment` is used. */
  loanAmount?: number | undefined;
  purchasePrice?: number | undefined;
  downPayment?: number | undefined;
  /** First day of the loan, `YYYY-MM-DD`. The first payment falls one month later. */
  startDate: string;
  /** Annual interest rate in percent, e.g. 6 for 6 %. */
  annualRatePct: number;
  termYears: number;
}

export interface ValueRange {
  low: number;
  value: number;
  high: number;
}

export interface NetProceedsInput {
  salePrice: number;
  commissionPct: number;
  closingCostPct: number;
  payoff: number;
}

export interface NetProceeds {
  salePrice: number;
  commission: number;
  closingCosts: number;
  payoff: number;
  net: number;
}

export const roundCents = (dollars: number): number => Math.round(dollars * 100) / 100;

/** The level monthly payment of a fully amortising loan (rounded to cents, as lenders do). */
export function monthlyPayment(principal: number, annualRatePct: number, termYears: number): number {
  const n = Math.round(termYears * 12);
  if (principal <= 0 || n <= 0) return 0;
  const r = annualRatePct / 100 / 12;
  if (r === 0) return roundCents(principal / n);
  return roundCents((principal * r) / (1 - (1 + r) ** -n));
}

/** Balance left after `paymentsMade` level payments (standard amortisation, never below zero). */
export function balanceAfterPayments(principal: number, annualRatePct: number, termYears: number, paymentsMade: number): number {
  const n = Math.round(termYears * 12);
  const k = Math.max(0, Math.min(Math.floor(paymentsMade), n));
  if (principal <= 0 || k >= n) return 0;
  const payment = monthlyPayment(principal, annualRatePct, termYears);
  const r = annualRatePct / 100 / 12;
  const balance = r === 0 ? principal - payment * k : principal * (1 + r) ** k - (payment * ((1 + r) ** k - 1)) / r;
  return Math.max(0, roundCents(balance));
}

/** Whole monthly payments made from `startDate` up to and including `at` (both `YYYY-MM-DD`). */
export function paymentsMadeBy(startDate: string, at: string): number {
  const [sy, sm, sd] = startDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = at.split('-').map(Number) as [number, number, number];
  const months = (ay - sy) * 12 + (am - sm) - (ad < sd ? 1 : 0);
  return Math.max(0, months);
}

/** The loan amount the terms describe, or null when they describe none. */
export function principalOf(terms: Pick<LoanTerms, 'loanAmount' | 'purchasePrice' | 'downPayment'>): number | null {
  if (terms.loanAmount !== undefined) return terms.loanAmount;
  if (terms.purchasePrice === undefined) return null;
  return Math.max(0, terms.purchasePrice - (terms.downPayment ?? 0));
}

/** Estimated remaining balance on `at` (`YYYY-MM-DD`). */
export function remainingBalance(terms: LoanTerms, at: string): number {
  const principal = principalOf(terms) ?? 0;
  return balanceAfterPayments(principal, terms.annualRatePct, terms.termYears, paymentsMadeBy(terms.startDate, at));
}

/** Equity: the estimate (and its range) less what is owed. May be negative (underwater). */
export function equity(estimate: ValueRange, owed: number): ValueRange {
  return {
    low: roundCents(estimate.low - owed),
    value: roundCents(estimate.value - owed),
    high: roundCents(estimate.high - owed),
  };
}

/** What a sale would leave: price less commission, closing costs and the loan payoff. */
export function netProceeds(input: NetProceedsInput): NetProceeds {
  const commission = roundCents((input.salePrice * input.commissionPct) / 100);
  const closingCosts = roundCents((input.salePrice * input.closingCostPct) / 100);
  return {
    salePrice: roundCents(input.salePrice),
    commission,
    closingCosts,
    payoff: roundCents(input.payoff),
    net: roundCents(input.salePrice - commission - closingCosts - input.payoff),
  };
}
