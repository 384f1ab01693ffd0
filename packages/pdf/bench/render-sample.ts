/**
 * Renders the sample report fixture to a PDF (and its HTML) for a look:
 *   npx tsx packages/pdf/bench/render-sample.ts /tmp/sample.pdf [--no-estimate]
 */
import { writeFile } from 'node:fs/promises';
import { createPdfRenderer, findChrome, renderReportHtml } from '../src/index';
import { noEstimateReport, sampleReport } from '../../../tests/helpers/sample-report';

const out = process.argv[2] ?? 'sample-report.pdf';
const model = process.argv.includes('--no-estimate') ? noEstimateReport : sampleReport;
const chromePath = findChrome();
if (!chromePath) {
  console.error('No Chromium found');
  process.exit(1);
}
const renderer = createPdfRenderer({ chromePath });
try {
  const html = renderReportHtml(model, { publicUrl: `https://cma.example.com/r/${model.id}` });
  await writeFile(`${out.replace(/\.pdf$/, '')}.html`, html);
  const t0 = performance.now();
  const pdf = await renderer.render(html);
  console.log(`rendered ${pdf.length} bytes in ${(performance.now() - t0).toFixed(0)} ms (cold) → ${out}`);
  await writeFile(out, pdf);
} finally {
  await renderer.close();
}
