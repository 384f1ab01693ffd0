import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

const CANDIDATE_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/local/bin/chromium',
  '/usr/local/bin/google-chrome',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform !== 'win32') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to launch: `configuredPath` when it points at an executable file, otherwise the first
 * of the usual install locations that exists; null when there is none.
 * Pass `fallback: false` to get null (instead of a search) when the configured path is missing,
 * e.g. to report a misconfigured CHROME_PATH.
 */
export function findChrome(configuredPath?: string, opts: { fallback?: boolean; candidates?: readonly string[] } = {}): string | null {
  if (configuredPath) {
    const resolved = path.resolve(configuredPath);
    if (isExecutableFile(resolved)) return resolved;
    if (opts.fallback === false) return null;
  }
  for (const candidate of opts.candidates ?? CANDIDATE_PATHS) {
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
