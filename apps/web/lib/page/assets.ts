/**
 * The built assets of the pages rendered without React: scripts/build-pages.ts (run by
 * `npm run build` before `next build`) writes each page's hashed client script to public/landing/
 * and the manifest (each page's stylesheet and script path, the favicon path) to
 * .landing/manifest.json; the routes read it once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@opencma/config';
import type { StreetMapAssets } from '../report/street-map-config';
import type { AssetManifest, PageAssets, PageName } from './document';

let cached: AssetManifest | null = null;

function manifest(): AssetManifest {
  if (cached) return cached;
  // MANIFEST_FILE (./asset-paths.ts) in the web app's folder, the working directory of `next start` /
  // `next dev`; written out so Next's file tracing sees which file is read
  const file = path.join(process.cwd(), '.landing', 'manifest.json');
  let read: AssetManifest;
  try {
    read = JSON.parse(fs.readFileSync(file, 'utf8')) as AssetManifest;
  } catch (err) {
    throw new Error(`page assets missing (${file}): run \`npm run build -w @opencma/web\``, { cause: err });
  }
  if (!read.pages?.report || !read.pages.landing || !read.pages.agent || !read.streetMap)
    throw new Error(`page assets outdated (${file}): run \`npm run build -w @opencma/web\``);
  // next dev: the client may be rebuilt while the server runs (npm run build:pages -w @opencma/web)
  if (loadConfig().NODE_ENV !== 'development') cached = read;
  return read;
}

/** One page's stylesheet and script, with the shared favicon. */
export function pageAssets(page: PageName): PageAssets {
  const m = manifest();
  return { ...m.pages[page], icon: m.icon };
}

/** The report's street map files (MAP_STYLE_URL): its loader script, stylesheet and MapLibre's worker. */
export function streetMapAssets(): StreetMapAssets {
  return manifest().streetMap;
}
