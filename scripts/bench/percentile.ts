/** Nearest-rank percentile (`p` in percent, 0–100) of an ascending array; NaN when it is empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}

/** "p50 X ms, p95 Y ms, max Z ms" of unsorted millisecond samples (fault tests and benchmarks print it). */
export function latencySummary(ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const r = (v: number | undefined) => Math.round(v ?? Number.NaN);
  return `p50 ${r(percentile(sorted, 50))} ms, p95 ${r(percentile(sorted, 95))} ms, max ${r(sorted.at(-1))} ms`;
}
