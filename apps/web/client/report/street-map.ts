/**
 * The street map itself (a chunk of its own, with MapLibre GL JS): the home and each comparable sale,
 * numbered as the cards, each with a popup. It replaces the SVG diagram only once the map has loaded;
 * a style or network failure removes it again and the diagram stays.
 */
import { LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, Popup, setWorkerUrl } from 'maplibre-gl';
import type { MapPoint, StreetMapClientConfig } from '../../lib/report/street-map-config';

function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`map stylesheet ${href} did not load`));
    document.head.append(link);
  });
}

function marker(map: MapLibreMap, point: MapPoint, className: string, text: string): void {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = text;
  el.setAttribute('aria-label', point.label);
  new Marker({ element: el })
    .setLngLat([point.lng, point.lat])
    .setPopup(new Popup({ offset: 16, closeButton: false }).setText(point.label))
    .addTo(map);
}

export async function showStreetMap(section: HTMLElement, config: StreetMapClientConfig): Promise<void> {
  await loadStylesheet(config.css);
  setWorkerUrl(config.worker);
  const box = document.createElement('div');
  box.className = 'street-map';
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Street map of your home and the comparable sales');
  const diagram = section.querySelector('svg.comp-map');
  (diagram ?? section.lastElementChild)?.after(box);

  const bounds = new LngLatBounds();
  // each sale and its mirror image through the home: the home in the center, as the diagram and its caption have it
  for (const p of config.comps) {
    bounds.extend([p.lng, p.lat]);
    bounds.extend([2 * config.home.lng - p.lng, 2 * config.home.lat - p.lat]);
  }
  const map = new MapLibreMap({
    container: box,
    style: config.styleUrl,
    bounds,
    fitBoundsOptions: { padding: 40, maxZoom: 16 },
    cooperativeGestures: true,
    // north stays up, as the caption says
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: { compact: true },
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }));
  try {
    await new Promise<void>((resolve, reject) => {
      map.once('load', () => resolve());
      map.once('error', (e) => reject(e.error));
    });
  } catch (err) {
    map.remove();
    box.remove();
    throw err;
  }
  for (const c of config.comps) marker(map, c, 'map-pin', String(c.n));
  marker(map, config.home, 'map-home', '⌂');
  section.classList.add('map-live');
}
