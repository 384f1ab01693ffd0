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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MANIFEST_FILE, PUBLIC_DIR } from '../lib/page/asset-paths';
import type { AssetManifest, PageAssets, PageName } from '../lib/page/document';

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

async function main() {
  const outdir = path.join(web, PUBLIC_DIR);
  fs.rmSync(outdir, { recursive: true, force: true });
  const pages = {} as AssetManifest['pages'];
  for (const page of PAGES) pages[page] = await buildPage(page, outdir);

  const icon = fs.readFileSync(path.join(web, 'app/icon.svg'));
  const manifest: AssetManifest = { icon: `/icon.svg?v=${createHash('sha256').update(icon).digest('hex').slice(0, 12)}`, pages };
  const file = path.join(web, MANIFEST_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
