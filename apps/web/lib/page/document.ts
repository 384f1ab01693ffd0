/**
 * The HTML document around a page rendered without React (landing page, report): the same <head>
 * the root layout gives the React pages (lang, charset, viewport, theme colour, no phone-number
 * detection, favicon), the stylesheet inlined with the request's CSP nonce, and at most one module
 * script.
 */
import { html, raw, type SafeHtml } from '@opencma/view';
import type { StreetMapAssets } from '../report/street-map-config';

/** The pages scripts/build-pages.ts builds assets for. */
export type PageName = 'landing' | 'report' | 'agent';

/** What scripts/build-pages.ts produced for one page (read by lib/page/assets.ts). */
export interface PageAssets {
  /** Minified stylesheet (styles/<page>-page.css), inlined into every page. */
  css: string;
  /** URL path of the hashed client script, e.g. /landing/landing-3FZK2C7Q.js. */
  script: string;
  /** URL path of the favicon with a content hash. */
  icon: string;
}

/** .landing/manifest.json: each page's stylesheet and script, and the favicon they share. */
export interface AssetManifest {
  icon: string;
  pages: Record<PageName, Omit<PageAssets, 'icon'>>;
  /** The report's street map, loaded only when MAP_STYLE_URL is set and the map scrolls into view. */
  streetMap: StreetMapAssets;
}

/** What a route passes its render function besides the data: the request's CSP nonce and the page's assets. */
export interface PageContext {
  nonce: string | null;
  assets: PageAssets;
}

export interface DocumentParts {
  title: string;
  description: string;
  /** e.g. "noindex, nofollow" for error pages. */
  robots?: string;
  /** For Google's crawler, when it differs from `robots`. */
  googlebot?: string;
  /** The link preview a chat app or social site shows (Open Graph); nothing private goes in it. */
  openGraph?: { title: string; description: string; siteName: string; image: string | null };
  /** Referrer policy of the page's links and requests, e.g. "no-referrer". */
  referrer?: string;
  /** The request's CSP nonce (proxy.ts), put on the <style> and <script>. */
  nonce: string | null;
  assets: PageAssets;
  /** Extra CSS after the stylesheet, e.g. the brand's custom properties (validated values only). */
  extraCss?: string;
  /** Images to fetch early (the logo and photo above the fold). */
  preloadImages?: string[];
  /** Whether the page loads the client script. */
  script?: boolean;
  /** Without JavaScript, reload the page every this many seconds (a report still being prepared). */
  noScriptRefreshSeconds?: number;
  body: SafeHtml;
}

const meta = (name: string, content: string | undefined) => (content ? html`<meta name="${name}" content="${content}">` : '');
const property = (name: string, content: string | null | undefined) => (content ? html`<meta property="${name}" content="${content}">` : '');

function openGraph(og: NonNullable<DocumentParts['openGraph']>): SafeHtml {
  return html`${property('og:type', 'website')}${property('og:title', og.title)}${property('og:description', og.description)}${property(
    'og:site_name',
    og.siteName,
  )}${property('og:image', og.image)}${meta('twitter:card', og.image ? 'summary' : undefined)}`;
}

export function renderDocument(p: DocumentParts): string {
  const nonce = p.nonce ?? undefined;
  const nonceAttr = nonce ? html` nonce="${nonce}"` : '';
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${p.title}</title><meta name="description" content="${p.description}">${p.openGraph ? openGraph(p.openGraph) : ''}${meta(
    'referrer',
    p.referrer,
  )}${meta('robots', p.robots)}${meta('googlebot', p.googlebot)}<meta name="theme-color" content="#ffffff"><meta name="format-detection" content="telephone=no"><link rel="icon" href="${p.assets.icon}" sizes="any" type="image/svg+xml">${(
    p.preloadImages ?? []
  ).map((src) => html`<link rel="preload" as="image" href="${src}">`)}<style${nonceAttr}>${raw(p.assets.css)}${raw(p.extraCss ?? '')}</style>${
    p.script ? html`<script type="module" src="${p.assets.script}"${nonceAttr}></script>` : ''
  }${
    p.noScriptRefreshSeconds ? html`<noscript><meta http-equiv="refresh" content="${String(p.noScriptRefreshSeconds)}"></noscript>` : ''
  }</head><body>${p.body}</body></html>`.value;
}
