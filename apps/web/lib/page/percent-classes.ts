/**
 * Computed lengths (chart bar widths, the estimate's place in its range) without style attributes:
 * the page's CSP allows only its nonce'd <style> (decision 0017). A section names a class for the
 * length, in whole percent; the page adds the rules of the classes its markup uses to that <style>.
 */

const PROPERTIES = { w: 'width', at: 'left' } as const;
export type PercentProperty = keyof typeof PROPERTIES;

/** `pct-w-37` for width: 37%, `pct-at-50` for left: 50%; the value is clamped to 0–100 and rounded (not finite: 0). */
export function percentClass(property: PercentProperty, percent: number): string {
  const n = Number.isFinite(percent) ? Math.round(Math.min(100, Math.max(0, percent))) : 0;
  return `pct-${property}-${n}`;
}

const USED = /\bpct-(w|at)-(\d{1,3})\b/g;

/** The CSS rules of the percent classes that occur in `markup` (digits only: nothing from the page reaches the CSS). */
export function percentRules(markup: string): string {
  const rules = new Set<string>();
  for (const [name, property, value] of markup.matchAll(USED)) {
    if (Number(value) <= 100) rules.add(`.${name}{${PROPERTIES[property as PercentProperty]}:${value}%}`);
  }
  return [...rules].join('');
}
