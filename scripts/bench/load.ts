/**
 * The load half of `npm run bench`, run as its own process so the load generator does not share an
 * event loop with the API it measures: POST /v1/consumer-reports at a fixed rate with autocannon,
 * each request a distinct consumer (phone) and a real King County address. Prints one JSON line.
 *
 *   node --import tsx scripts/bench/load.ts <apiUrl> <ratePerSecond> <durationSeconds> <firstIndex>
 */
import autocannon from 'autocannon';
import { benchSubmission, kingCountyAddresses } from './addresses';

const [apiUrl, rateArg, durationArg, firstArg] = process.argv.slice(2);
if (!apiUrl) {
  console.error('usage: load.ts <apiUrl> <ratePerSecond> <durationSeconds> <firstIndex>');
  process.exit(2);
}
const rate = Number(rateArg ?? 200);
const duration = Number(durationArg ?? 10);
let next = Number(firstArg ?? 0);
const addresses = kingCountyAddresses();

const result = await autocannon({
  url: apiUrl,
  connections: Math.max(10, Math.ceil(rate / 10)),
  overallRate: rate,
  duration,
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

const statusCodes: Record<string, number> = {};
for (const [code, stats] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
  statusCodes[code] = stats.count;
}
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rate: result.requests.average,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    lastIndex: next,
  }),
);
