/**
 * `npm run measure:inbox`: Lighthouse (mobile: emulated phone, simulated slow 4G and CPU) on the agent
 * inbox /agent. Starts the system (`npm start` on free ports), submits a few demo leads, signs the
 * demo agent in with the code from the outbox, and runs Lighthouse with the session cookie; prints
 * performance and accessibility against the goals (≥ 90, ≥ 95).
 *   npm run measure:inbox [-- --runs 3]
 */
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { findChrome } from '@opencma/pdf';
import { runStartCommand } from '../tests/helpers/start-command';

const GOALS = { performance: 90, accessibility: 95 };
const DEMO_PHONE = '+12065550142';

async function signIn(origin: string, apiUrl: string): Promise<string> {
  const before = new Set(((await (await fetch(`${apiUrl}/v1/dev/outbox`)).json()) as { messages: { id: string }[] }).messages.map((m) => m.id));
  await fetch(`${origin}/v1/agent/sign-in/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: DEMO_PHONE }),
  });
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const { messages } = (await (await fetch(`${apiUrl}/v1/dev/outbox`)).json()) as { messages: { id: string; purpose: string; body: string }[] };
    const code = /\b(\d{6})\b/.exec(messages.find((m) => m.purpose === 'sign_in' && !before.has(m.id))?.body ?? '')?.[1];
    if (!code) continue;
    const res = await fetch(`${origin}/v1/agent/sign-in/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: DEMO_PHONE, code }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  throw new Error('no sign-in code arrived in the outbox');
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
  const chromePath = findChrome();
  if (!chromePath) throw new Error('no Chromium found (set CHROME_PATH)');
  const app = await runStartCommand();
  try {
    for (const [i, address] of ['1156 N 93rd St, Seattle, WA 98103', '12211 SE 65th St, Bellevue, WA 98006'].entries()) {
      await fetch(`${app.baseUrl}/v1/consumer-reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agent_code: 'demo',
          phone: `(201) 555-01${20 + i}`,
          address,
          consent: true,
          consent_text: 'I agree that Jordan Avery may contact me.',
        }),
      });
    }
    const cookie = await signIn(app.baseUrl, app.apiUrl);
    const url = `${app.baseUrl}/agent`;
    for (let run = 1; run <= Number(values.runs); run++) {
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
          extraHeaders: { Cookie: cookie },
        });
        if (!result) throw new Error('Lighthouse returned no result');
        const score = (k: string) => Math.round((result.lhr.categories[k]?.score ?? 0) * 100);
        const [perf, a11y] = [score('performance'), score('accessibility')];
        const failed = Object.values(result.lhr.audits)
          .filter(
            (a) =>
              a.score !== null && a.score < 1 && (result.lhr.categories.accessibility?.auditRefs ?? []).some((r) => r.id === a.id && r.weight > 0),
          )
          .map((a) => a.id);
        console.log(
          `run ${run}: ${result.lhr.finalDisplayedUrl}  performance ${perf} (goal ≥ ${GOALS.performance})  accessibility ${a11y} (goal ≥ ${GOALS.accessibility})${failed.length ? `  a11y audits not passed: ${failed.join(', ')}` : ''}`,
        );
      } finally {
        chrome.kill();
      }
    }
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
