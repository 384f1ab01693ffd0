/**
 * The landing page and the report, as their routes render them, under the CSP proxy.ts gives them
 * (no 'unsafe-inline' styles), in headless Chromium at phone width: no CSP violation, and the brand
 * colour, chart bars and range marker that used to be style attributes still apply.
 * SCREENSHOT_DIR=<dir> saves a full-page screenshot of each (to compare by eye).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { sampleReport } from '../../../tests/helpers/sample-report';
import type { LandingPage } from '../lib/api';
import { renderLandingPage } from '../lib/landing/landing-page';
import type { AssetManifest, PageName } from '../lib/page/document';
import { phoneMetadataFor } from '../lib/phone-metadata';
import { renderReportPage } from '../lib/report/report-page';
import { contentSecurityPolicy } from '../lib/security-headers';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestFile = path.join(webDir, '.landing', 'manifest.json');
const chromePath = findChrome();
const built = fs.existsSync(manifestFile);
if (!chromePath) console.warn('SKIPPED strict CSP pages: no Chromium found (install Debian package chromium or set CHROME_PATH)');
if (chromePath && !built) console.warn('SKIPPED strict CSP pages: page assets not built (npm run build:pages -w @opencma/web)');

const landing: LandingPage = {
  agent: {
    name: 'Riley Chen',
    photoUrl: null,
    agentCode: 'k7m2xqp',
    headline: 'What is your home worth?',
    subheadline: 'A free valuation from Riley',
    ctaText: 'Show me my value',
    phone: '+12065550142',
    email: 'riley@example.com',
  },
  account: { name: 'Harbor Homes', logoUrl: null, primaryColor: '#7c2d12', secondaryColor: '#fbbf24', brandingEnabled: true },
  compliance: { licenseNumber: '21004567', brokerageLicenseNumber: null, equalHousingOpportunity: true },
};
const form = { allowedCountries: ['US', 'CA'], phoneMetadata: phoneMetadataFor(['US', 'CA']), turnstileSiteKey: null };
const report = { ...sampleReport, agent: { ...sampleReport.agent, primaryColor: '#7c2d12', secondaryColor: '#fbbf24' } };

describe.skipIf(!chromePath || !built)('public pages under the strict CSP (Chromium, 390 px)', () => {
  let server: http.Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as AssetManifest;
    const assets = (page: PageName) => ({ ...manifest.pages[page], icon: manifest.icon });
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.startsWith('/landing/')) {
        const file = path.join(webDir, 'public', path.normalize(url.pathname));
        if (!fs.existsSync(file)) return res.writeHead(404).end();
        return res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(file));
      }
      const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
      const ctx = (page: PageName) => ({ nonce, assets: assets(page) });
      const page = url.pathname.startsWith('/r/') ? renderReportPage(report, ctx('report')) : renderLandingPage(landing, form, ctx('landing'));
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': contentSecurityPolicy(false, nonce, url.pathname),
      });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: chromePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(pathname: string) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.sample}`);
      });
    });
    // the report polls nothing (completed) but its tracker posts events: answered by this server with the page, ignored
    await page.goto(`${base}${pathname}`, { waitUntil: 'load' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: path.join(dir, `${pathname.split('/')[1]}.png`), fullPage: true });
    return { page, violations };
  }

  it('the landing page: no violation, brand colour applied', async () => {
    const { page, violations } = await open('/cma/k7m2xqp');
    expect(violations).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim())).toBe('#7c2d12');
    await page.close();
  });

  it('the report: no violation, brand colour, price bars and range marker applied', async () => {
    const { page, violations } = await open('/r/sample');
    expect(violations).toEqual([]);
    const seen = await page.evaluate(() => {
      const marker = document.querySelector<HTMLElement>('.range-bar .marker')!;
      const bar = marker.parentElement!;
      return {
        brand: getComputedStyle(document.querySelector('.topbar') ?? document.body)
          .getPropertyValue('--brand')
          .trim(),
        markerAt: (marker.getBoundingClientRect().left - bar.getBoundingClientRect().left) / bar.getBoundingClientRect().width,
        bars: [...document.querySelectorAll<HTMLElement>('.dist-bar')].map((b) => b.getBoundingClientRect().width),
      };
    });
    expect(seen.brand).toBe('#7c2d12');
    expect(seen.markerAt).toBeGreaterThan(0.05);
    expect(seen.markerAt).toBeLessThan(0.95);
    expect(seen.bars.length).toBeGreaterThan(1);
    expect(Math.max(...seen.bars)).toBeGreaterThan(Math.min(...seen.bars));
    await page.close();
  });
});
