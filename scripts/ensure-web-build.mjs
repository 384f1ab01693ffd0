// Builds the Next.js web app when no production build exists yet (first `npm start` on a fresh clone)
// or when its sources changed since the last build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const buildId = path.join(web, '.next/BUILD_ID');
// the landing and report pages' assets, built by the same `npm run build` before `next build` (apps/web/scripts/build-pages.ts)
const landingManifest = path.join(web, '.landing/manifest.json');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = [web, path.join(root, 'packages/core/src'), path.join(root, 'packages/config/src'), path.join(root, 'packages/view/src')];
const lockDir = path.join(web, '.next-build.lock');

/** One build at a time: two `next build`s into the same .next corrupt it. Waits for a running one. */
function withBuildLock(fn) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 10 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true }); // left by a killed build
      if (Date.now() > deadline) throw new Error('timed out waiting for another web build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

const status = withBuildLock(() => {
  const built = fs.existsSync(buildId) && fs.existsSync(landingManifest) ? fs.statSync(buildId).mtimeMs : 0;
  const stale = built === 0 || sources.some((dir) => newestMtime(dir) > built);
  if (!stale) return 0;
  console.log(built === 0 ? 'Building the web app (first start, about a minute)…' : 'Web app sources changed; rebuilding…');
  // Always a production build: a caller's NODE_ENV=development (e2e helpers) breaks `next build`.
  const result = spawnSync('npm', ['run', 'build', '-w', '@opencma/web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return result.status ?? 1;
});
if (status !== 0) process.exit(status);
