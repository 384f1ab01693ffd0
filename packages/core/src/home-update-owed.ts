/**
 * What a homeowner owes, as they may give it for the equity line of their value updates (issue #19,
 * decision 0035): what they owe today, or the loan (purchase price less down payment, the month it
 * started, rate and term) from which each update estimates the balance on its own date by standard
 * amortisation (`equity.ts`). Pure: parsing and validation of the form's fields, and the balance on a day.
 */
import { remainingBalance } from './equity';

export type OwedOnFile =
  | { kind: 'owed'; amount: number; asOf: string }
  | { kind: 'loan'; amount: number; start: string; ratePct: number; termYears: number };

/** The form's fields (the report's opt-in form and the preferences page), as typed. */
export const OWED_FIELDS = ['owed', 'price', 'down', 'start', 'rate', 'term'] as const;
export type OwedField = (typeof OWED_FIELDS)[number];
export type OwedValues = Partial<Record<OwedField, string | undefined>>;

export interface OwedParse {
  errors: Partial<Record<OwedField, string>>;
  /** null: nothing given (no equity line); set only when there are no errors. */
  owed: OwedOnFile | null;
}

const MAX_MONEY = 100_000_000;

/** "$412,500", "412500", "412,500.50" → whole dollars; "" → undefined; anything else → NaN. */
function parseMoney(raw: string | undefined): number | undefined {
  const s = (raw ?? '').trim().replace(/^\$/, '').replace(/,/g, '');
  if (s === '') return undefined;
  return /^\d{1,9}(\.\d{1,2})?$/.test(s) ? Math.round(Number(s)) : Number.NaN;
}

/**
 * Validates the fields: everything empty → nothing on file; "what you owe" wins when given; a purchase
 * price needs its month (YYYY-MM, 1950 up to `today`) and rate (0–25 %), the term defaults to 30 years
 * (1–40). `today` is YYYY-MM-DD: the day an amount owed is as of.
 */
export function parseOwed(values: OwedValues, today: string): OwedParse {
  const errors: OwedParse['errors'] = {};
  const money = (field: OwedField, label: string) => {
    const n = parseMoney(values[field]);
    if (n !== undefined && !(n >= 0 && n <= MAX_MONEY)) errors[field] = `Enter ${label} in dollars, e.g. 250,000`;
    return n;
  };
  const owed = money('owed', 'what you owe');
  if (owed !== undefined) return Object.keys(errors).length ? { errors, owed: null } : { errors, owed: { kind: 'owed', amount: owed, asOf: today } };
  const price = money('price', 'the purchase price');
  const down = money('down', 'the down payment');
  const startRaw = (values.start ?? '').trim();
  const rateRaw = (values.rate ?? '').trim().replace(/%$/, '').trim();
  const termRaw = (values.term ?? '').trim();
  if (price === undefined) {
    // loan details without a price say nothing we can use: ask for the price rather than drop them
    if (down !== undefined || startRaw || rateRaw || termRaw) errors.price ??= 'Add the purchase price (or enter what you owe instead)';
    return { errors, owed: null };
  }
  let start: string | null = null;
  const m = /^(\d{4})-(\d{2})$/.exec(startRaw);
  if (!startRaw) errors.start = 'Add the month you bought (or enter what you owe instead)';
  else if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) errors.start = 'Enter the month you bought, e.g. 2019-06';
  else if (`${startRaw}-01` > today || startRaw < '1950-01') errors.start = 'Enter a month between 1950 and now';
  else start = `${startRaw}-01`;
  const rate = rateRaw === '' ? undefined : /^\d{1,2}(\.\d{1,3})?$/.test(rateRaw) ? Number(rateRaw) : Number.NaN;
  if (rate === undefined) errors.rate = 'Add the interest rate (or enter what you owe instead)';
  else if (!(rate >= 0 && rate <= 25)) errors.rate = 'Enter the interest rate between 0 and 25%';
  const term = termRaw === '' ? 30 : /^\d{1,2}$/.test(termRaw) ? Number(termRaw) : Number.NaN;
  if (!(term >= 1 && term <= 40)) errors.term = 'Enter a loan term between 1 and 40 years';
  if (down !== undefined && !errors.down && !errors.price && down > price) errors.down = 'The down payment cannot exceed the purchase price';
  if (Object.keys(errors).length || start === null || rate === undefined) return { errors, owed: null };
  return { errors, owed: { kind: 'loan', amount: price - (down ?? 0), start, ratePct: rate, termYears: term } };
}

/** What is owed on `at` (YYYY-MM-DD): the amount given, or the loan's estimated balance then (whole dollars). */
export function owedOn(onFile: OwedOnFile, at: string): number {
  if (onFile.kind === 'owed') return onFile.amount;
  return Math.round(
    remainingBalance({ loanAmount: onFile.amount, startDate: onFile.start, annualRatePct: onFile.ratePct, termYears: onFile.termYears }, at),
  );
}
