/**
 * PDF render time with a warm browser: 20 renders of the sample report, one at a time.
 *   npx tsx packages/pdf/bench/pdf-bench.ts [runs=20] [CHROME_PATH]
 */
import { createPdfRenderer, findChrome, renderReportHtml } from '../src/index';
import { sampleReport } from '../../../tests/helpers/sample-report';

const runs = Number(process.argv[2] ?? 20);
const chromePath = findChrome(process.argv[3]);
if (!chromePath) {
  console.error('pdf-bench: no Chromium found; pass its path as the second argument');
  process.exit(1);
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

const renderer = createPdfRenderer({ chromePath });
try {
  const html = renderReportHtml(sampleReport, { publicUrl: `https://cma.example.com/r/${sampleReport.id}` });
  const t0 = performance.now();
  await renderer.render(html); // launch + first render, not counted
  const cold = performance.now() - t0;
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    bytes = (await renderer.render(html)).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`chromium: ${chromePath}`);
  console.log(`cold (launch + first render): ${cold.toFixed(0)} ms`);
  console.log(`warm renders: ${runs}, pdf ${bytes} bytes`);
  console.log(
    `median: ${percentile(times, 0.5).toFixed(0)} ms   p95: ${percentile(times, 0.95).toFixed(0)} ms   min: ${times[0]!.toFixed(0)} ms   max: ${times[times.length - 1]!.toFixed(0)} ms`,
  );
} finally {
  await renderer.close();
}
