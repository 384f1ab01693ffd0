/** A polygon vertex in WGS84 degrees, as the SimplyRETS `points` parameter takes it. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Ray-casting point-in-polygon test: the same function the valuation's comp search uses. */
export { pointInPolygon as isPointInPolygon } from '@opencma/core';

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
