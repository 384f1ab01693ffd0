/** Counters the API reports (Prometheus in production, wired by the runtime); optional. */
export interface ApiMetrics {
  /** A lookup of a report id (report, PDF, events): `unknown` answered 404, `limited` refused with 429 (decision 0017). */
  reportLookup(result: 'unknown' | 'limited'): void;
}
