/** Counters the worker reports (Prometheus in production, wired by the runtime); optional. */
export interface WorkerMetrics {
  jobFinished(outcome: 'completed' | 'failed' | 'noop' | 'retry' | 'error', seconds: number): void;
  smsFinished(role: 'consumer' | 'agent', result: 'sent' | 'skipped' | 'failed' | 'suppressed' | 'unresolved' | 'held'): void;
}
