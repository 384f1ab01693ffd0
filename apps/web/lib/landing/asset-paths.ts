/** Where scripts/build-landing.ts writes the landing page's assets, relative to the web app's folder. */

/** The manifest the route reads (stylesheet, script URL, favicon URL): build output, not served. */
export const MANIFEST_FILE = '.landing/manifest.json';
/** The hashed client script and its lazily loaded chunks, served at /landing/. */
export const PUBLIC_DIR = 'public/landing';
