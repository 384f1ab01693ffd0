/**
 * The report's street map (MAP_STYLE_URL, decision 0031) in headless Chromium at phone width, under
 * the CSP proxy.ts gives the report: with a local stand-in tile host (tests/helpers/map-tile-server.ts)
 * nothing map-related loads until the map scrolls into view; then the MapLibre canvas appears with a
 * marker for the home and each comp, the diagram gives way, and no CSP violation is reported. A
 * style that fails leaves the diagram. Without MAP_STYLE_URL the page has no map code at all.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from '@opencma/pdf';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMapTileServer, type MapTileServer } from '../../../tests/helpers/map-tile-server';
import { sampleReport } from '../../../tests/helpers/sample-report';
import type { AssetManifest } from '../lib/page/document';
import { renderReportPage } from '../lib/report/report-page';
import { contentSecurityPolicy } from '../lib/security-headers';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestFile = path.join(webDir, '.landing', 'manifest.json');
const chromePath = findChrome();
const built = fs.existsSync(manifestFile);
if (!chromePath) console.warn('SKIPPED street map: no Chromium found (install Debian package chromium or set CHROME_PATH)');
if (chromePath && !built) console.warn('SKIPPED street map: page assets not built (npm run build:pages -w @opencma/web)');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

function manifest(): AssetManifest {
  return JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as AssetManifest;
}

function render(map: { styleUrl: string } | null, nonce: string): string {
  const m = manifest();
  const ctx = { nonce, assets: { ...m.pages.report, icon: m.icon } };
  return renderReportPage(sampleReport, ctx, map ? { map: { styleUrl: map.styleUrl, assets: m.streetMap } } : {});
}

describe('the street map is opt-in', () => {
  it('without MAP_STYLE_URL: the CSP is unchanged and the page has no map script, settings or worker', () => {
    const plain = contentSecurityPolicy(false, 'n', '/r/abc');
    expect(plain).toBe(contentSecurityPolicy(false, 'n', '/r/abc', null));
    expect(plain).not.toContain('worker-src');
    expect(plain).toContain("connect-src 'self';");
    if (!built) return;
    const page = render(null, 'n');
    expect(page).not.toMatch(/street-map|report-map|maplibre|map-chunk/i);
  });

  it('with it: only the report page opens connect-src, img-src and worker-src, to the style origin alone', () => {
    const csp = contentSecurityPolicy(false, 'n', '/r/abc', 'https://tiles.example.com');
    expect(csp).toContain("connect-src 'self' https://tiles.example.com;");
    expect(csp).toMatch(/img-src [^;]* https:\/\/tiles\.example\.com;/);
    expect(csp).toContain("worker-src 'self';");
    expect(csp).not.toContain("worker-src 'self' blob:");
    expect(csp).toContain("style-src 'self' 'nonce-n';");
    expect(csp).not.toContain('unsafe-inline');
    // the landing page and the agent's pages never load a map
    expect(contentSecurityPolicy(false, 'n', '/cma/k7m2xqp', 'https://tiles.example.com')).not.toContain('tiles.example.com');
    expect(contentSecurityPolicy(false, 'n', '/agent/leads', 'https://tiles.example.com')).not.toContain('tiles.example.com');
  });
});

describe.skipIf(!chromePath || !built)('the street map in Chromium (390 px)', () => {
  let tiles: MapTileServer;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  const assetRequests: string[] = [];

  beforeAll(async () => {
    tiles = await startMapTileServer();
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.startsWith('/landing/')) {
        assetRequests.push(url.pathname);
        const file = path.join(webDir, 'public', path.normalize(url.pathname));
        if (!fs.existsSync(file)) return res.writeHead(404).end();
        return res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
      }
      const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
      // /r/map: configured; /r/broken: configured with a style URL that answers 404; /r/plain: not configured
      const styleUrl = url.pathname === '/r/map' ? tiles.styleUrl : url.pathname === '/r/broken' ? `${tiles.origin}/missing.json` : null;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': contentSecurityPolicy(false, nonce, url.pathname, styleUrl ? tiles.origin : null),
      });
      res.end(render(styleUrl ? { styleUrl } : null, nonce));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: chromePath!,
      // WebGL in software (SwiftShader), as a headless machine has no GPU
      args: [
        '--no-sandbox',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await tiles?.close();
  });

  async function open(pathname: string) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    await page.goto(`${base}${pathname}`, { waitUntil: 'load' });
    return { page, violations };
  }

  it('loads nothing until scrolled to, then shows the streets with numbered markers and no CSP violation', async () => {
    assetRequests.length = 0;
    const { page, violations } = await open('/r/map');
    // above the fold: the loader only, neither MapLibre's chunk nor the style
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(assetRequests.some((p) => /map-chunk-/.test(p))).toBe(false);
    expect(tiles.served.style).toBe(0);
    expect(await page.locator('.maplibregl-canvas').count()).toBe(0);

    const sectionHeight = () => page.evaluate(() => document.querySelector('[data-section="map"]')!.getBoundingClientRect().height);
    const before = await sectionHeight();
    await page.locator('[data-section="map"]').scrollIntoViewIfNeeded();
    await page.locator('[data-section="map"].map-live .maplibregl-canvas').waitFor({ state: 'visible', timeout: 60_000 });
    // the map takes the diagram's square box: nothing below it moves
    expect(Math.abs((await sectionHeight()) - before)).toBeLessThan(2);
    const seen = await page.evaluate(() => ({
      pins: [...document.querySelectorAll('.street-map .map-pin')].map((p) => p.textContent),
      homes: document.querySelectorAll('.street-map .map-home').length,
      diagramShown: getComputedStyle(document.querySelector('svg.comp-map')!).display !== 'none',
      canvas: document.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!.getBoundingClientRect().height,
    }));
    expect(seen.pins).toEqual(sampleReport.valuation!.comps.map((_, i) => String(i + 1)));
    expect(seen.homes).toBe(1);
    expect(seen.diagramShown).toBe(false);
    expect(seen.canvas).toBeGreaterThan(100);
    expect(tiles.served.style).toBeGreaterThan(0);
    expect(tiles.served.tiles).toBeGreaterThan(0);
    // MapLibre's worker (parsing the style's GeoJSON) comes from our origin
    expect(assetRequests.some((p) => /maplibre-worker-/.test(p))).toBe(true);

    // a marker's popup names the sale as its card does
    await page.locator('.street-map .map-pin').first().click();
    await expect.poll(() => page.locator('.maplibregl-popup-content').textContent(), { timeout: 30_000 }).toMatch(/^1 · .+ · \$[\d,]+$/);
    if (process.env.SCREENSHOT_DIR)
      await page.locator('[data-section="map"]').screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'street-map.png') });
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('a style that fails to load leaves the diagram', async () => {
    const { page, violations } = await open('/r/broken');
    await page.locator('[data-section="map"]').scrollIntoViewIfNeeded();
    const warned = page.waitForEvent('console', { predicate: (m) => /street map unavailable/.test(m.text()), timeout: 60_000 });
    await warned;
    expect(await page.locator('.street-map').count()).toBe(0);
    expect(await page.locator('svg.comp-map').isVisible()).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('without MAP_STYLE_URL: no map request even after scrolling', async () => {
    assetRequests.length = 0;
    const { page } = await open('/r/plain');
    await page.locator('[data-section="map"]').scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(assetRequests.filter((p) => /map/.test(p))).toEqual([]);
    expect(await page.locator('svg.comp-map').isVisible()).toBe(true);
    await page.close();
  }, 60_000);
});
