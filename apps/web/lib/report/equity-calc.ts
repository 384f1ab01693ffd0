/**
 * The report page's equity and net-proceeds calculator (issue #19, decision 0029): one pure module,
 * used by the server (the GET form works without JavaScript) and bundled into the report script
 * (live results in the browser), so both validate and compute alike. Nothing here is stored.
 */
import { equity, netProceeds, remainingBalance, type NetProceeds, type ValueRange } from '@opencma/core/equity';

export const EQUITY_FIELDS = ['owed', 'price', 'down', 'start', 'rate', 'term', 'commission', 'closing'] as const;
export type EquityField = (typeof EQUITY_FIELDS)[number];
export type EquityValues = Partial<Record<EquityField, string>>;

export interface EquityResult {
  /** What is owed: entered, or estimated from the purchase; null when neither was given. */
  owed: number | null;
  owedEstimated: boolean;
  equity: ValueRange | null;
  sale: NetProceeds;
}

export interface EquityOutcome {
  errors: Partial<Record<EquityField, string>>;
  result: EquityResult | null;
}

const MAX_MONEY = 100_000_000;

/** "$412,500", "412500", "412,500.50" → a number; "" → undefined; anything else → NaN. */
function parseMoney(raw: string | undefined): number | undefined {
  const s = (raw ?? '').trim().replace(/^\$/, '').replace(/,/g, '');
  if (s === '') return undefined;
  return /^\d+(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
}

function parsePercent(raw: string | undefined): number | undefined {
  const s = (raw ?? '').trim().replace(/%$/, '').trim();
  if (s === '') return undefined;
  return /^\d+(\.\d{1,3})?$/.test(s) ? Number(s) : Number.NaN;
}

/** `YYYY-MM` (an `<input type="month">`) → the first of that month, or NaN-ish null when not a month. */
function parseMonth(raw: string | undefined): string | undefined | null {
  const s = (raw ?? '').trim();
  if (s === '') return undefined;
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return `${m[1]}-${m[2]}-01`;
}

/**
 * Validates the form and computes the figures. `today` is `YYYY-MM-DD`; `defaults` are the agent's
 * commission and closing-cost percentages, used when those fields are empty. Every field is optional;
 * a purchase needs its month and rate to estimate a balance (else: enter what you owe).
 */
export function calculateEquity(
  values: EquityValues,
  estimate: ValueRange,
  defaults: { commissionPct: number; closingCostPct: number },
  today: string,
): EquityOutcome {
  const errors: EquityOutcome['errors'] = {};
  const money = (field: EquityField, label: string) => {
    const n = parseMoney(values[field]);
    if (n !== undefined && !(n >= 0 && n <= MAX_MONEY)) errors[field] = `Enter ${label} in dollars, e.g. 250,000`;
    return n;
  };
  const percent = (field: EquityField, max: number, label: string) => {
    const n = parsePercent(values[field]);
    if (n !== undefined && !(n >= 0 && n <= max)) errors[field] = `Enter ${label} between 0 and ${max}%`;
    return n;
  };
  const owed = money('owed', 'what you owe');
  const price = money('price', 'the purchase price');
  const down = money('down', 'the down payment');
  const rate = percent('rate', 25, 'the interest rate');
  const commission = percent('commission', 20, 'the commission');
  const closing = percent('closing', 20, 'closing costs');
  const start = parseMonth(values.start);
  if (start === null) errors.start = 'Enter the month you bought, e.g. 2019-06';
  else if (start !== undefined && (start > today || start < '1950-01-01')) errors.start = 'Enter a month between 1950 and now';
  const termRaw = (values.term ?? '').trim();
  const term = termRaw === '' ? 30 : /^\d{1,2}$/.test(termRaw) ? Number(termRaw) : Number.NaN;
  if (!(term >= 1 && term <= 40)) errors.term = 'Enter a loan term between 1 and 40 years';
  if (price !== undefined && down !== undefined && down > price && !errors.down) errors.down = 'The down payment cannot exceed the purchase price';

  let balance: number | null = owed ?? null;
  let owedEstimated = false;
  if (owed === undefined && price !== undefined) {
    if (start === undefined) errors.start ??= 'Add the month you bought (or enter what you owe instead)';
    if (rate === undefined) errors.rate ??= 'Add the interest rate (or enter what you owe instead)';
    if (Object.keys(errors).length === 0 && start && rate !== undefined) {
      balance = remainingBalance({ purchasePrice: price, downPayment: down, startDate: start, annualRatePct: rate, termYears: term }, today);
      owedEstimated = true;
    }
  }
  if (Object.keys(errors).length > 0) return { errors, result: null };
  return {
    errors,
    result: {
      owed: balance,
      owedEstimated,
      equity: balance === null ? null : equity(estimate, balance),
      sale: netProceeds({
        salePrice: estimate.value,
        commissionPct: commission ?? defaults.commissionPct,
        closingCostPct: closing ?? defaults.closingCostPct,
        payoff: balance ?? 0,
      }),
    },
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** Whole dollars with a real minus sign. */
export const dollars = (n: number): string => (Math.round(n) < 0 ? `\u2212${usd.format(-Math.round(n))}` : usd.format(Math.round(n)));

/** The result as label → text, in display order (the server renders these; the browser fills the same slots). */
export function resultLines(result: EquityResult): Record<string, string> {
  const e = result.equity;
  return {
    owed: result.owed === null ? 'Not entered' : `${dollars(result.owed)}${result.owedEstimated ? ' (estimated from your loan)' : ''}`,
    equity: e ? `${dollars(e.value)} (likely ${dollars(e.low)} – ${dollars(e.high)})` : 'Add what you owe to see it',
    price: dollars(result.sale.salePrice),
    commission: `− ${dollars(result.sale.commission)}`,
    closing: `− ${dollars(result.sale.closingCosts)}`,
    payoff: `− ${dollars(result.sale.payoff)}`,
    net: dollars(result.sale.net),
  };
}
