/**
 * The landing page's built assets: scripts/build-landing.ts (run by `npm run build` before
 * `next build`) writes the hashed client script to public/landing/ and this manifest (stylesheet,
 * script path, favicon path) to .landing/manifest.json; the route reads it once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@opencma/config';
import type { LandingAssets } from './document';

let cached: LandingAssets | null = null;

export function landingAssets(): LandingAssets {
  if (cached) return cached;
  // MANIFEST_FILE (./asset-paths.ts) in the web app's folder, the working directory of `next start` /
  // `next dev`; written out so Next's file tracing sees which file is read
  const file = path.join(process.cwd(), '.landing', 'manifest.json');
  let assets: LandingAssets;
  try {
    assets = JSON.parse(fs.readFileSync(file, 'utf8')) as LandingAssets;
  } catch (err) {
    throw new Error(`landing page assets missing (${file}): run \`npm run build -w @opencma/web\``, { cause: err });
  }
  // next dev: the client may be rebuilt while the server runs (npm run build:landing -w @opencma/web)
  if (loadConfig().NODE_ENV !== 'development') cached = assets;
  return assets;
}
