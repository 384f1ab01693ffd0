/** A polygon vertex in WGS84 degrees, as the SimplyRETS `points` parameter takes it. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Ray-casting point-in-polygon test (closing vertex optional; edge points may fall either way). */
export function isPointInPolygon(point: LatLng, polygon: readonly LatLng[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.lat > point.lat !== b.lat > point.lat) {
      const lngAtLat = ((b.lng - a.lng) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lng;
      if (point.lng < lngAtLat) inside = !inside;
    }
  }
  return inside;
}

/** `lat,lng` as the `points` query parameter spells a vertex. */
export function formatPoint(p: LatLng): string {
  return `${p.lat},${p.lng}`;
}

/** Parses `lat,lng`; null when it is not two finite numbers in range. */
export function parsePoint(text: string): LatLng | null {
  const parts = text.split(',');
  if (parts.length !== 2) return null;
  const lat = Number(parts[0]);
  const lng = Number(parts[1]);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  return { lat, lng };
}
