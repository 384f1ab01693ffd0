/** Small pure statistics helpers. */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Weighted median: smallest value whose cumulative weight reaches half the total. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number | null {
  const idx = values.map((_, i) => i).filter((i) => weights[i]! > 0);
  if (idx.length === 0) return null;
  idx.sort((a, b) => values[a]! - values[b]!);
  const total = idx.reduce((t, i) => t + weights[i]!, 0);
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    if (acc >= total / 2) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}

/** Linear-interpolated quantile, q in [0,1]. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
