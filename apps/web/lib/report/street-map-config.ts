/** Id of the <script type="application/json"> that carries the street map's settings to client/report-map.ts. */
export const STREET_MAP_ID = 'street-map-config';

/** The street map's built files (scripts/build-pages.ts): loader script, stylesheet and MapLibre's worker. */
export interface StreetMapAssets {
  script: string;
  css: string;
  worker: string;
}

export interface MapPoint {
  lng: number;
  lat: number;
  /** The popup's text, e.g. "1 · 4512 Dayton Ave N · $612,000". */
  label: string;
}

/** What the street map's script needs: the style (MAP_STYLE_URL), its files and the points, numbered as the cards. */
export interface StreetMapClientConfig {
  styleUrl: string;
  css: string;
  worker: string;
  home: MapPoint;
  comps: Array<MapPoint & { n: number }>;
}
