/** Pure geometry helpers (WGS84 degrees, kilometres). */

export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Ray-casting point-in-polygon test. The polygon is a ring of vertices (closing vertex optional).
 * Points exactly on an edge may fall either way.
 */
export function pointInPolygon(point: LatLng, polygon: readonly LatLng[]): boolean {
  let inside = false;
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.lat > point.lat !== b.lat > point.lat) {
      const lngAtLat = ((b.lng - a.lng) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lng;
      if (point.lng < lngAtLat) inside = !inside;
    }
  }
  return inside;
}

/**
 * A polygon with `sides` vertices that circumscribes the circle of `radiusKm` around the centre
 * (so every point within the radius is inside the polygon).
 */
export function circlePolygon(centre: LatLng, radiusKm: number, sides = 16): LatLng[] {
  const r = radiusKm / Math.cos(Math.PI / sides); // circumscribe
  const kmPerDegLat = 111.32;
  const kmPerDegLng = 111.32 * Math.cos(centre.lat * RAD);
  const out: LatLng[] = [];
  for (let i = 0; i < sides; i++) {
    const ang = (2 * Math.PI * i) / sides;
    out.push({
      lat: round6(centre.lat + (r * Math.sin(ang)) / kmPerDegLat),
      lng: round6(centre.lng + (r * Math.cos(ang)) / kmPerDegLng),
    });
  }
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Bounding box of a polygon. */
export function polygonBounds(polygon: readonly LatLng[]): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const p of polygon) {
    if (p.lat < minLat) minLat = p.lat;
    if (p.lat > maxLat) maxLat = p.lat;
    if (p.lng < minLng) minLng = p.lng;
    if (p.lng > maxLng) maxLng = p.lng;
  }
  return { minLat, maxLat, minLng, maxLng };
}
