import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PROCESS_CONSUMER_REPORT, type JobQueue } from '@opencma/queue';
import type { ApiMetrics, WorkerMetrics } from '@opencma/contracts';

/** Prometheus metrics of one process: HTTP requests, queue depth, jobs, texts and report lookups. */
export function createMetrics(queue: JobQueue) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opencma_' });
  const httpRequests = new Histogram({
    name: 'opencma_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const jobs = new Histogram({
    name: 'opencma_job_duration_seconds',
    help: 'process_consumer_report runs by outcome (completed, failed, noop, retry, error)',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const texts = new Counter({
    name: 'opencma_sms_total',
    help: 'Texts by recipient role and result (sent, failed, skipped, suppressed, unresolved, held, in_digest)',
    labelNames: ['role', 'result'] as const,
    registers: [registry],
  });
  const held = new Counter({
    name: 'opencma_sms_held_total',
    help: 'Report texts held because the SMS budget (SMS_BUDGET_PER_DAY / SMS_BUDGET_PER_HOUR) was exhausted, by recipient role',
    labelNames: ['role'] as const,
    registers: [registry],
  });
  const digests = new Counter({
    name: 'opencma_lead_digests_total',
    help: 'Hourly lead digest texts (agent alerts past AGENT_ALERTS_PER_HOUR) by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const digestedLeads = new Counter({
    name: 'opencma_agent_alerts_digested_total',
    help: 'Lead alerts not texted one by one because the agent reached AGENT_ALERTS_PER_HOUR; each goes in the hour digest',
    registers: [registry],
  });
  const reportLookups = new Counter({
    name: 'opencma_report_lookups_total',
    help: 'Report id lookups (report, PDF, events) by result: unknown (answered 404) or limited (answered 429)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'opencma_queue_jobs',
    help: 'process_consumer_report jobs by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await queue.counts(PROCESS_CONSUMER_REPORT);
        this.set({ state: 'waiting' }, counts.waiting);
        this.set({ state: 'active' }, counts.active);
        this.set({ state: 'failed' }, counts.failed);
      } catch {
        /* queue unreachable: readiness reports it */
      }
    },
  });

  const worker: WorkerMetrics = {
    jobFinished: (outcome, seconds) => jobs.observe({ outcome }, seconds),
    smsFinished: (role, result) => {
      texts.inc({ role, result });
      if (result === 'held') held.inc({ role });
      if (result === 'in_digest') digestedLeads.inc();
    },
    digestFinished: (result) => digests.inc({ result }),
  };

  const api: ApiMetrics = {
    reportLookup: (result) => reportLookups.inc({ result }),
  };

  /** Times every request and serves GET /metrics. */
  function instrument(app: FastifyInstance): void {
    app.addHook('onResponse', async (req, reply) => {
      httpRequests.observe(
        { route: req.routeOptions.url ?? 'unmatched', method: req.method, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  }

  return { registry, worker, api, instrument };
}
