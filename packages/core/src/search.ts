import type { Sale, Subject } from './report-model';
import { circlePolygon, type LatLng } from './geo';

/** Radii (km) of the widening MLS search areas, in order. */
export const SEARCH_RADII_KM = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32] as const;

/**
 * How many usable candidates (closed strictly before the valuation date, not the subject's own
 * listing) stop the widening. Enough for a local regression plus a choice of close comps.
 */
export const ENOUGH_CANDIDATES = 400;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

export interface SearchArea {
  radiusKm: number;
  polygon: LatLng[];
}

/** Ordered, widening search areas around the subject (16-gons circumscribing each radius). */
export function compSearchAreas(subject: { latitude: number; longitude: number }): SearchArea[] {
  const centre = { lat: subject.latitude, lng: subject.longitude };
  return SEARCH_RADII_KM.map((radiusKm) => ({ radiusKm, polygon: circlePolygon(centre, radiusKm) }));
}

/** A sale the engine may use for this subject and date. */
export function isUsableCandidate(sale: Sale, subject: Pick<Subject, 'mlsId'>, valuationDate: string): boolean {
  if (subject.mlsId != null && sale.id === subject.mlsId) return false;
  // YYYY-MM-DD strings order like dates; anything else is not usable.
  if (!(typeof sale.closeDate === 'string' && sale.closeDate.length >= 10 && sale.closeDate.slice(0, 10) < valuationDate)) return false;
  if (!ISO_DATE.test(sale.closeDate)) return false;
  if (!(sale.closePrice > 0) || !Number.isFinite(sale.closePrice)) return false;
  if (!Number.isFinite(sale.latitude) || !Number.isFinite(sale.longitude)) return false;
  return true;
}

/**
 * Calls `search` for each area of compSearchAreas(subject), widest last, until the area holds at
 * least ENOUGH_CANDIDATES usable candidates. Returns the usable candidates of the last area searched
 * (deduplicated by id) and its radius. Production (MLS polygon search) and the CLIs (in-memory search)
 * both go through here, so they select the same way.
 *
 * `options.count` (optional, a pure speed-up): an upper bound on how many sales `search` would return
 * for a polygon (e.g. the MLS's X-Total-Count for a one-listing page), or null when unknown. An area
 * whose bound is below `enough` cannot stop the widening, so it is not searched; the widest area is
 * always searched. The result is the same as without it.
 */
export async function collectCandidateSales(
  search: (polygon: Array<{ lat: number; lng: number }>) => Promise<Sale[]>,
  subject: Subject,
  valuationDate: string,
  options: { enough?: number; count?: (polygon: Array<{ lat: number; lng: number }>) => Promise<number | null> } = {},
): Promise<{ sales: Sale[]; radiusKm: number }> {
  const enough = options.enough ?? ENOUGH_CANDIDATES;
  const areas = compSearchAreas(subject);
  let best: { sales: Sale[]; radiusKm: number } = { sales: [], radiusKm: areas[areas.length - 1]!.radiusKm };
  for (let i = 0; i < areas.length; i++) {
    const area = areas[i]!;
    if (options.count && i < areas.length - 1) {
      const atMost = await options.count(area.polygon);
      if (atMost !== null && atMost < enough) continue; // fewer sales than needed: the widening goes on
    }
    const found = await search(area.polygon);
    const seen = new Set<string>();
    const usable: Sale[] = [];
    for (const s of found) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      if (isUsableCandidate(s, subject, valuationDate.slice(0, 10))) usable.push(s);
    }
    best = { sales: usable, radiusKm: area.radiusKm };
    if (usable.length >= enough) break;
  }
  return best;
}
