import type { CompDetail, Subject } from '@opencma/core';
import { html, jsonForScript, money, type SafeHtml } from '@opencma/view';
import { STREET_MAP_ID, type StreetMapAssets, type StreetMapClientConfig } from './street-map-config';

/** The street map, when MAP_STYLE_URL is set (decision 0031): the style's URL and the built files. */
export interface StreetMapOptions {
  styleUrl: string;
  assets: StreetMapAssets;
}

/**
 * The street map's settings and its loader script, added to a finished report only when a tile
 * source is configured. The loader waits until the diagram scrolls into view, then loads MapLibre
 * (a separate chunk); the SVG diagram (comp-map.ts) stays until the map has loaded, and for good if it fails.
 */
export function streetMapTags(
  subject: Subject,
  comps: CompDetail[],
  headings: string[],
  map: StreetMapOptions,
  nonce: string | null,
): SafeHtml | null {
  if (comps.length === 0) return null;
  const config: StreetMapClientConfig = {
    styleUrl: map.styleUrl,
    css: map.assets.css,
    worker: map.assets.worker,
    home: { lng: subject.longitude, lat: subject.latitude, label: `Your home · ${subject.address}` },
    comps: comps.map((c, i) => ({
      n: i + 1,
      lng: c.sale.longitude,
      lat: c.sale.latitude,
      label: `${i + 1} · ${headings[i] ?? 'Comparable sale'} · ${money(c.sale.closePrice)}`,
    })),
  };
  const nonceAttr = nonce ? html` nonce="${nonce}"` : '';
  return html`<script type="application/json" id="${STREET_MAP_ID}">${jsonForScript(config)}</script><script type="module" src="${map.assets.script}"${nonceAttr}></script>`;
}
