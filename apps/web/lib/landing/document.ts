/**
 * The HTML document around a page rendered without React: the same <head> the root layout gives
 * the React pages (lang, charset, viewport, theme colour, no phone-number detection, favicon),
 * the stylesheet inlined with the request's CSP nonce, and at most one module script.
 */
import { html, raw, type SafeHtml } from '../html';

/** What scripts/build-landing.ts produced (read by lib/landing/assets.ts). */
export interface LandingAssets {
  /** Minified landing stylesheet (styles/landing-page.css), inlined into every page. */
  css: string;
  /** URL path of the hashed client script, e.g. /landing/landing-3FZK2C7Q.js. */
  script: string;
  /** URL path of the favicon with a content hash. */
  icon: string;
}

export interface DocumentParts {
  title: string;
  description: string;
  /** e.g. "noindex, nofollow" for error pages. */
  robots?: string;
  /** The request's CSP nonce (proxy.ts), put on the <style> and <script>. */
  nonce: string | null;
  assets: LandingAssets;
  /** Extra CSS after the stylesheet, e.g. the brand's custom properties (validated values only). */
  extraCss?: string;
  /** Images to fetch early (the logo and photo above the fold). */
  preloadImages?: string[];
  /** Whether the page loads the client script. */
  script?: boolean;
  body: SafeHtml;
}

export function renderDocument(p: DocumentParts): string {
  const nonce = p.nonce ?? undefined;
  const nonceAttr = nonce ? html` nonce="${nonce}"` : '';
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${p.title}</title><meta name="description" content="${p.description}">${
    p.robots ? html`<meta name="robots" content="${p.robots}">` : ''
  }<meta name="theme-color" content="#ffffff"><meta name="format-detection" content="telephone=no"><link rel="icon" href="${p.assets.icon}" sizes="any" type="image/svg+xml">${(
    p.preloadImages ?? []
  ).map((src) => html`<link rel="preload" as="image" href="${src}">`)}<style${nonceAttr}>${raw(p.assets.css)}${raw(p.extraCss ?? '')}</style>${
    p.script ? html`<script type="module" src="${p.assets.script}"${nonceAttr}></script>` : ''
  }</head><body>${p.body}</body></html>`.value;
}
