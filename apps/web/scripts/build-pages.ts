/**
 * Builds the assets of the pages rendered without React (run by `npm run build` before `next build`):
 * the landing page (decision 0006) and the report (decision 0007). For each page:
 *  - client/<page>.ts bundled and minified with esbuild into public/landing/<page>-[hash].js, with
 *    the code it loads on demand (e.g. libphonenumber-js on the phone field's focus) in separate
 *    chunks; each page is its own build, so neither loads a chunk shared with the other;
 *  - styles/<page>-page.css minified, to be inlined into the page;
 * and .landing/manifest.json: each page's stylesheet and script URL, and the favicon's URL with a
 * hash. The routes read the manifest (lib/page/assets.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MANIFEST_FILE, PUBLIC_DIR } from '../lib/page/asset-paths';
import type { AssetManifest, PageAssets, PageName } from '../lib/page/document';
import type { StreetMapAssets } from '../lib/report/street-map-config';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Next.js's default browser targets (browserslist "chrome 111, edge 111, firefox 111, safari 16.4")
const target = ['chrome111', 'edge111', 'firefox111', 'safari16.4'];
const PAGES: PageName[] = ['landing', 'report', 'agent'];

async function buildPage(page: PageName, outdir: string): Promise<Omit<PageAssets, 'icon'>> {
  const entryPoint = `client/${page}.ts`;
  const js = await build({
    absWorkingDir: web,
    entryPoints: { [page]: entryPoint },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target,
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const entry = Object.entries(js.metafile.outputs).find(([, o]) => o.entryPoint === entryPoint);
  if (!entry) throw new Error(`esbuild produced no ${page} entry`);

  const css = await build({
    absWorkingDir: web,
    entryPoints: [`styles/${page}-page.css`],
    bundle: true,
    minify: true,
    target,
    write: false,
    logLevel: 'warning',
  });

  for (const [file, o] of Object.entries(js.metafile.outputs)) console.log(`  ${path.relative(web, file)}  ${(o.bytes / 1024).toFixed(1)} kB`);
  const assets = { css: css.outputFiles[0]!.text.trim(), script: `/landing/${path.basename(entry[0])}` };
  console.log(`  ${page}: inline CSS  ${(assets.css.length / 1024).toFixed(1)} kB`);
  return assets;
}

const hashed = (name: string, content: string | Buffer, ext: string) =>
  `${name}-${createHash('sha256').update(content).digest('hex').slice(0, 8).toUpperCase()}.${ext}`;

/**
 * The report's street map (MAP_STYLE_URL, decision 0031), its own build so the report's script stays as
 * it is: client/report-map.ts (a loader that waits for the map to scroll into view) with MapLibre in a
 * separate chunk, styles/report-map.css (MapLibre's and ours, loaded by the chunk) and MapLibre's worker.
 */
async function buildStreetMap(outdir: string): Promise<StreetMapAssets> {
  const entryPoint = 'client/report-map.ts';
  const js = await build({
    absWorkingDir: web,
    entryPoints: { 'report-map': entryPoint },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target,
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'map-chunk-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const entry = Object.entries(js.metafile.outputs).find(([, o]) => o.entryPoint === entryPoint);
  if (!entry) throw new Error('esbuild produced no report-map entry');
  for (const [file, o] of Object.entries(js.metafile.outputs)) console.log(`  ${path.relative(web, file)}  ${(o.bytes / 1024).toFixed(1)} kB`);

  const css = await build({
    absWorkingDir: web,
    entryPoints: ['styles/report-map.css'],
    bundle: true,
    minify: true,
    target,
    write: false,
    logLevel: 'warning',
  });
  const cssText = css.outputFiles[0]!.text;
  const cssFile = hashed('report-map', cssText, 'css');
  fs.writeFileSync(path.join(outdir, cssFile), cssText);
  // MapLibre's tile worker, served from our origin (worker-src 'self'; the chunk sets its URL)
  const worker = fs.readFileSync(createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'));
  const workerFile = hashed('maplibre-worker', worker, 'js');
  fs.writeFileSync(path.join(outdir, workerFile), worker);
  console.log(`  street map: ${cssFile} ${(cssText.length / 1024).toFixed(1)} kB, ${workerFile} ${(worker.length / 1024).toFixed(1)} kB`);
  return { script: `/landing/${path.basename(entry[0])}`, css: `/landing/${cssFile}`, worker: `/landing/${workerFile}` };
}

async function main() {
  const outdir = path.join(web, PUBLIC_DIR);
  fs.rmSync(outdir, { recursive: true, force: true });
  const pages = {} as AssetManifest['pages'];
  for (const page of PAGES) pages[page] = await buildPage(page, outdir);
  const streetMap = await buildStreetMap(outdir);

  const icon = fs.readFileSync(path.join(web, 'app/icon.svg'));
  const manifest: AssetManifest = { icon: `/icon.svg?v=${createHash('sha256').update(icon).digest('hex').slice(0, 12)}`, pages, streetMap };
  const file = path.join(web, MANIFEST_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
