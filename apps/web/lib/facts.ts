/** The home facts a consumer may confirm or correct on the landing page (bounds match the API's). */
export type FactKey = 'bedrooms' | 'bathrooms' | 'sqftLiving' | 'yearBuilt';
export type Facts = Record<FactKey, number | null>;

export const FACT_KEYS: FactKey[] = ['bedrooms', 'bathrooms', 'sqftLiving', 'yearBuilt'];

export const FACT_LABELS: Record<FactKey, string> = {
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  sqftLiving: 'Square feet',
  yearBuilt: 'Year built',
};

const THIS_YEAR = new Date().getUTCFullYear();
const BOUNDS: Record<FactKey, { min: number; max: number; step: number }> = {
  bedrooms: { min: 0, max: 20, step: 1 },
  bathrooms: { min: 0, max: 20, step: 0.25 },
  sqftLiving: { min: 200, max: 30000, step: 1 },
  yearBuilt: { min: 1800, max: THIS_YEAR + 1, step: 1 },
};
export const factBounds = (k: FactKey) => BOUNDS[k];

/** A problem with a typed value, or null ("" means "I don't know": no correction). */
export function factProblem(key: FactKey, raw: string): string | null {
  const v = raw.trim().replace(/,/g, '');
  if (!v) return null;
  const n = Number(v);
  const { min, max, step } = BOUNDS[key];
  if (!Number.isFinite(n)) return `${FACT_LABELS[key]}: enter a number.`;
  if (n < min || n > max) return `${FACT_LABELS[key]}: between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}.`;
  if (!Number.isInteger(n / step))
    return step === 1 ? `${FACT_LABELS[key]}: a whole number.` : `${FACT_LABELS[key]}: in steps of ${step} (e.g. 2.5).`;
  return null;
}

/** Problems with every typed value, by fact (none for values that are fine or left empty). */
export function factProblems(typed: Record<FactKey, string>): Partial<Record<FactKey, string>> {
  const out: Partial<Record<FactKey, string>> = {};
  for (const k of FACT_KEYS) {
    const problem = factProblem(k, typed[k]);
    if (problem) out[k] = problem;
  }
  return out;
}

/** The corrections to send: typed values that differ from what the MLS has. */
export function corrections(mls: Facts, typed: Record<FactKey, string>): Partial<Facts> {
  const out: Partial<Facts> = {};
  for (const k of FACT_KEYS) {
    const v = typed[k].trim().replace(/,/g, '');
    if (!v) continue;
    const n = Number(v);
    if (Number.isFinite(n) && n !== mls[k]) out[k] = n;
  }
  return out;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "3 beds · 2.25 baths · 1,560 sq ft · built 1952" (unknown facts left out). */
export function factsSummary(f: Facts): string {
  return [
    f.bedrooms !== null ? `${int.format(f.bedrooms)} bed${f.bedrooms === 1 ? '' : 's'}` : null,
    f.bathrooms !== null ? `${int.format(f.bathrooms)} bath${f.bathrooms === 1 ? '' : 's'}` : null,
    f.sqftLiving !== null ? `${int.format(f.sqftLiving)} sq ft` : null,
    f.yearBuilt !== null ? `built ${f.yearBuilt}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
