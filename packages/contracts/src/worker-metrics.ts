/** Counters the worker reports (Prometheus in production, wired by the runtime); optional. */
export interface WorkerMetrics {
  jobFinished(outcome: 'completed' | 'failed' | 'noop' | 'retry' | 'error', seconds: number): void;
  smsFinished(role: 'consumer' | 'agent', result: 'sent' | 'skipped' | 'failed' | 'suppressed' | 'unresolved' | 'held' | 'in_digest'): void;
  /** An hourly lead digest (decision 0024): how its text ended and how many leads it covered. */
  digestFinished(result: 'sent' | 'skipped' | 'failed' | 'suppressed' | 'unresolved' | 'held', leads: number): void;
}
