/**
 * The report's street map loader (only on the page when MAP_STYLE_URL is set; lib/report/street-map.ts):
 * nothing happens until the diagram scrolls into view, then MapLibre (a separate chunk) draws the
 * street map over it. If anything fails, the diagram simply stays.
 */
import { STREET_MAP_ID, type StreetMapClientConfig } from '../lib/report/street-map-config';

const data = document.getElementById(STREET_MAP_ID);
const section = document.querySelector<HTMLElement>('[data-section="map"]');
if (data && section && 'IntersectionObserver' in window) {
  const config = JSON.parse(data.textContent ?? '') as StreetMapClientConfig;
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      import('./report/street-map')
        .then((m) => m.showStreetMap(section, config))
        .catch((err: unknown) => console.warn('street map unavailable, showing the diagram:', err));
    },
    { rootMargin: '200px 0px' },
  );
  observer.observe(section);
}
