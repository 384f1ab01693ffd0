/**
 * Builds the landing page's assets (run by `npm run build` before `next build`):
 *  - client/landing.ts bundled and minified with esbuild into public/landing/landing-[hash].js, with
 *    the code it loads on demand (libphonenumber-js on the phone field's focus) in separate chunks;
 *  - styles/landing-page.css (base + landing + wide) minified, to be inlined into the page;
 *  - .landing/manifest.json: the stylesheet, the script's URL and the favicon's URL with a hash.
 * app/cma/[code]/route.ts reads the manifest (lib/landing/assets.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MANIFEST_FILE, PUBLIC_DIR } from '../lib/landing/asset-paths';
import type { LandingAssets } from '../lib/landing/document';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Next.js's default browser targets (browserslist "chrome 111, edge 111, firefox 111, safari 16.4")
const target = ['chrome111', 'edge111', 'firefox111', 'safari16.4'];

async function main() {
  const outdir = path.join(web, PUBLIC_DIR);
  fs.rmSync(outdir, { recursive: true, force: true });

  const js = await build({
    absWorkingDir: web,
    entryPoints: { landing: 'client/landing.ts' },
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
  const entry = Object.entries(js.metafile.outputs).find(([, o]) => o.entryPoint === 'client/landing.ts');
  if (!entry) throw new Error('esbuild produced no landing entry');

  const css = await build({
    absWorkingDir: web,
    entryPoints: ['styles/landing-page.css'],
    bundle: true,
    minify: true,
    target,
    write: false,
    logLevel: 'warning',
  });

  const icon = fs.readFileSync(path.join(web, 'app/icon.svg'));
  const assets: LandingAssets = {
    css: css.outputFiles[0]!.text.trim(),
    script: `/landing/${path.basename(entry[0])}`,
    icon: `/icon.svg?v=${createHash('sha256').update(icon).digest('hex').slice(0, 12)}`,
  };
  const manifest = path.join(web, MANIFEST_FILE);
  fs.mkdirSync(path.dirname(manifest), { recursive: true });
  fs.writeFileSync(manifest, `${JSON.stringify(assets, null, 2)}\n`);

  for (const [file, o] of Object.entries(js.metafile.outputs)) console.log(`  ${path.relative(web, file)}  ${(o.bytes / 1024).toFixed(1)} kB`);
  console.log(`  inline CSS  ${(assets.css.length / 1024).toFixed(1)} kB`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
