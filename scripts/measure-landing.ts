/**
 * `npm run measure:landing`: starts the system (`npm start` on free ports and a private data folder),
 * measures the demo landing page with Lighthouse (mobile: emulated phone, simulated slow 4G and CPU)
 * and the first-load JavaScript (every script the page loads, gzip-compressed here), then prints
 * performance, accessibility and kB against the goals (≥ 95, ≥ 95, ≤ 120 kB gzip).
 *   npm run measure:landing [-- --runs 3] [-- --url http://localhost:3000/cma/demo]   (--url: measure a running system)
 * With --report it measures a completed report page /r/{id} instead: it submits the demo lead
 * through the API of the system it started (or of the one --url names) and waits for the report.
 * Chromium: CHROME_PATH, or the one found on the machine.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { findChrome } from '@opencma/pdf';
import { runStartCommand } from '../tests/helpers/start-command';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

const GOALS = { performance: 95, accessibility: 95, firstLoadKb: 120 };

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
}

async function measureOnce(url: string, chromePath: string) {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      formFactor: 'mobile',
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const lhr = result.lhr;
    const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter(
      (i) => i.resourceType === 'Script',
    );
    let gzipBytes = 0;
    let wireBytes = 0;
    const scripts: Array<{ url: string; gzip: number }> = [];
    for (const item of items) {
      const body = Buffer.from(await (await fetch(item.url)).arrayBuffer());
      const gz = gzipSync(body, { level: 9 }).length;
      gzipBytes += gz;
      wireBytes += item.transferSize ?? 0;
      scripts.push({ url: new URL(item.url).pathname, gzip: gz });
    }
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric'))
      .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcpMs: lhr.audits['first-contentful-paint']?.numericValue ?? NaN,
      lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
      tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
      firstLoadKb: gzipBytes / 1024,
      wireKb: wireBytes / 1024,
      scripts,
      failed,
    };
  } finally {
    await chrome.kill();
  }
}

/** Submits the demo lead (as the landing page would) and returns the URL of its report once it is finished. */
async function demoReportUrl(origin: string): Promise<string> {
  const res = await fetch(`${origin}/v1/consumer-reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      agent_code: 'demo',
      phone: '(201) 555-0123',
      address: '1156 N 93rd St, Seattle, WA 98103',
      consent: true,
      consent_version: CURRENT_CONSENT_VERSION,
    }),
  });
  if (!res.ok) throw new Error(`POST /v1/consumer-reports answered ${res.status}`);
  const { report_id: id } = (await res.json()) as { report_id: string };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const { status } = (await (await fetch(`${origin}/v1/consumer-reports/${id}`)).json()) as { status: string };
    if (status === 'completed' || status === 'failed') return `${origin}/r/${id}`;
  }
  throw new Error(`report ${id} did not finish within 60 s`);
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '1' }, url: { type: 'string' }, report: { type: 'boolean', default: false } },
  });
  const chromePath = findChrome();
  if (!chromePath) throw new Error('No Chromium found: install it or set CHROME_PATH');
  const started = values.url ? null : await runStartCommand({ LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  try {
    const given = values.url ?? started!.landingUrl;
    const url = values.report ? await demoReportUrl(new URL(given).origin) : given;
    // one warm-up request so the first measured load is not the server's first render
    await fetch(url);
    const runs = [];
    for (let i = 0; i < Number(values.runs); i++) runs.push(await measureOnce(url, chromePath));
    const median = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
    const m = median(runs, (r) => r.performance);
    console.log(`\nLighthouse 12.2.3, mobile, ${url} (${runs.length} run${runs.length > 1 ? 's, median' : ''})`);
    console.log(`  performance     ${m.performance}   (goal ≥ ${GOALS.performance})  runs: ${runs.map((r) => r.performance).join(', ')}`);
    console.log(`  accessibility   ${m.accessibility}   (goal ≥ ${GOALS.accessibility})`);
    console.log(`  FCP ${Math.round(m.fcpMs)} ms · LCP ${Math.round(m.lcpMs)} ms · TBT ${Math.round(m.tbtMs)} ms · CLS ${m.cls.toFixed(3)}`);
    console.log(
      `  first-load JS   ${m.firstLoadKb.toFixed(1)} kB gzip   (goal ≤ ${GOALS.firstLoadKb} kB; ${m.wireKb.toFixed(1)} kB on the wire incl. headers)`,
    );
    for (const s of [...m.scripts].sort((a, b) => b.gzip - a.gzip)) console.log(`    ${(s.gzip / 1024).toFixed(1).padStart(6)} kB  ${s.url}`);
    if (m.failed.length) console.log(`  audits below 0.9: ${m.failed.join(', ')}`);
    const ok = m.performance >= GOALS.performance && m.accessibility >= GOALS.accessibility && m.firstLoadKb <= GOALS.firstLoadKb;
    console.log(ok ? '  all goals met' : '  some goals not met');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await started?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
