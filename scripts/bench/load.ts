/**
 * The load half of `npm run bench`, run as its own process so the load generator does not share an
 * event loop with the API it measures: POST /v1/consumer-reports at a fixed rate, each request a
 * distinct consumer (phone) and a real King County address. Prints one JSON line.
 *
 *   node --import tsx scripts/bench/load.ts <apiUrl> <ratePerSecond> <durationSeconds> <firstIndex> [paced|autocannon] [warmupSeconds]
 *
 * The first `warmupSeconds` (default 0) of load are reported apart (`warmup`) and left out of the
 * main figures: a freshly started API runs its JavaScript and PGlite's WebAssembly unoptimised for
 * its first seconds, which a long-running server does not.
 *
 * paced (default): an open-loop generator. Request k is due at start + k / rate (one every 5 ms at
 *   200 req/s) and is sent then, whatever earlier requests are doing (keep-alive connections, as
 *   many as needed). Its latency is counted from when it was due, so a server that falls behind is
 *   charged for the wait (no coordinated omission).
 * autocannon: autocannon's `overallRate`, kept for comparison with earlier measurements. It is not a
 *   steady 200 req/s: each of its 20 connections may send 10 requests per wall-clock second and
 *   sends them back to back as soon as the second starts (autocannon/lib/httpClient.js,
 *   `reqsMadeThisSecond`), so each second begins with a burst of 200 requests, 20 at a time, and
 *   ends idle; and it fills in each latency with made-up samples 1 ms apart
 *   (`recordValueWithExpectedInterval(…, ceil(1 / rate))`).
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { benchSubmission, kingCountyAddresses } from './addresses';
import { percentile } from './percentile';

const [apiUrl, rateArg, durationArg, firstArg, toolArg, warmupArg] = process.argv.slice(2);
if (!apiUrl) {
  console.error('usage: load.ts <apiUrl> <ratePerSecond> <durationSeconds> <firstIndex> [paced|autocannon] [warmupSeconds]');
  process.exit(2);
}
const rate = Number(rateArg ?? 200);
const duration = Number(durationArg ?? 10);
const first = Number(firstArg ?? 0);
const tool = toolArg ?? 'paced';
const warmup = Number(warmupArg ?? 0);
const addresses = kingCountyAddresses();
const TIMEOUT_MS = 10_000;

interface Summary {
  requests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
}

interface LoadResult {
  tool: string;
  warmup: Summary | null;
  requests: number;
  rate: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  lastIndex: number;
}

async function paced(): Promise<LoadResult> {
  const url = new URL('/v1/consumer-reports', apiUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const warmupCount = Math.round(rate * warmup);
  const total = warmupCount + Math.round(rate * duration);
  const intervalMs = 1000 / rate;
  const warmupLatencies: number[] = [];
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let finished = 0;
  let sent = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const settle = () => {
    if (++finished === total) done();
  };

  const send = (k: number, dueAt: number) => {
    const body = JSON.stringify(benchSubmission(first + k, addresses));
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: TIMEOUT_MS,
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (k < warmupCount) {
          warmupLatencies.push(performance.now() - dueAt);
          return settle();
        }
        const code = String(res.statusCode);
        statusCodes[code] = (statusCodes[code] ?? 0) + 1;
        latencies.push(performance.now() - dueAt);
        settle();
      });
    });
    req.on('timeout', () => {
      timeouts++;
      req.destroy(new Error('timeout'));
    });
    req.on('error', () => {
      errors++;
      settle();
    });
    req.end(body);
  };

  const start = performance.now() + 20;
  const tick = () => {
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) {
      send(sent, start + sent * intervalMs);
      sent++;
    }
    if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
  };
  setTimeout(tick, 20);
  await allDone;
  const wallS = (performance.now() - start) / 1000 - warmup;
  agent.destroy();

  const ok = Object.entries(statusCodes).reduce((n, [code, c]) => n + (code.startsWith('2') ? c : 0), 0);
  return {
    tool: 'paced',
    warmup: warmupCount ? summarise(warmupLatencies) : null,
    ...summarise(latencies),
    rate: round(latencies.length / wallS),
    statusCodes,
    non2xx: latencies.length - ok,
    errors,
    timeouts,
    lastIndex: first + total,
  };
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(percentile(sorted, p));
  return {
    requests: sorted.length,
    latency: { p50: at(50), p90: at(90), p99: at(99), max: at(100), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) },
  };
}

async function withAutocannon(): Promise<LoadResult> {
  let next = first;
  const run = (seconds: number) =>
    autocannon({
      url: apiUrl!,
      connections: Math.max(10, Math.ceil(rate / 10)),
      overallRate: rate,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: '/v1/consumer-reports',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = next++;
            return { ...req, body: JSON.stringify(benchSubmission(i, addresses)) };
          },
        },
      ],
    });
  const warm = warmup > 0 ? await run(warmup) : null;
  const result = await run(duration);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
    statusCodes[code] = stats.count;
  }
  return {
    tool: 'autocannon',
    warmup: warm
      ? {
          requests: warm.requests.total,
          latency: { p50: warm.latency.p50, p90: warm.latency.p90, p99: warm.latency.p99, max: warm.latency.max, mean: warm.latency.average },
        }
      : null,
    requests: result.requests.total,
    rate: result.requests.average,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    lastIndex: next,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (tool !== 'paced' && tool !== 'autocannon') {
  console.error(`unknown load tool "${tool}" (paced or autocannon)`);
  process.exit(2);
}
console.log(JSON.stringify(tool === 'paced' ? await paced() : await withAutocannon()));
