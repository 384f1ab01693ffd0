/**
 * Where scripts/build-pages.ts writes the assets of the pages rendered without React (the landing
 * page and the report), relative to the web app's folder. The names say "landing" because that page
 * came first (decision 0006); the report's assets live next to it (decision 0007).
 */

/** The manifest the routes read (stylesheets, script URLs, favicon URL): build output, not served. */
export const MANIFEST_FILE = '.landing/manifest.json';
/** The hashed client scripts and their lazily loaded chunks, served at /landing/. */
export const PUBLIC_DIR = 'public/landing';
