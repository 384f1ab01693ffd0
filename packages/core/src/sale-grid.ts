/** In-memory spatial grid over sales, answering polygon searches like the MLS does. */
import { pointInPolygon, polygonBounds } from './geo';
import type { Sale } from './report-model';

type Poly = Array<{ lat: number; lng: number }>;

function isConvex(poly: Poly): boolean {
  let sign = 0;
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % n]!;
    const c = poly[(i + 2) % n]!;
    const cross = (b.lng - a.lng) * (c.lat - b.lat) - (b.lat - a.lat) * (c.lng - b.lng);
    if (cross !== 0) {
      const s = Math.sign(cross);
      if (sign === 0) sign = s;
      else if (s !== sign) return false;
    }
  }
  return true;
}

export class SaleGrid {
  private readonly cells = new Map<number, Sale[]>();
  constructor(
    sales: Sale[],
    private readonly cellDeg = 0.01,
  ) {
    for (const s of sales) {
      const key = this.key(this.ix(s.latitude), this.ix(s.longitude));
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = []));
      cell.push(s);
    }
    // Sorted by date so a search can stop at a cut-off date.
    for (const cell of this.cells.values()) cell.sort((x, y) => (x.closeDate < y.closeDate ? -1 : x.closeDate > y.closeDate ? 1 : 0));
  }
  private ix(deg: number): number {
    return Math.floor(deg / this.cellDeg);
  }
  private key(a: number, b: number): number {
    return (a + 20000) * 40000 + (b + 20000);
  }
  /**
   * Sales whose location is inside the polygon; with `before` (YYYY-MM-DD) only sales closed strictly
   * before it (a pure speed-up: collectCandidateSales drops later sales anyway).
   */
  search(polygon: Poly, before?: string): Sale[] {
    const b = polygonBounds(polygon);
    const convex = isConvex(polygon);
    const out: Sale[] = [];
    const d = this.cellDeg;
    for (let a = this.ix(b.minLat); a <= this.ix(b.maxLat); a++) {
      for (let c = this.ix(b.minLng); c <= this.ix(b.maxLng); c++) {
        const all = this.cells.get(this.key(a, c));
        if (!all) continue;
        const cell = before == null ? all : all.slice(0, lowerBound(all, before));
        // A cell whose four corners are inside a convex polygon is wholly inside: no per-point test.
        const inside =
          convex &&
          pointInPolygon({ lat: a * d, lng: c * d }, polygon) &&
          pointInPolygon({ lat: (a + 1) * d, lng: c * d }, polygon) &&
          pointInPolygon({ lat: a * d, lng: (c + 1) * d }, polygon) &&
          pointInPolygon({ lat: (a + 1) * d, lng: (c + 1) * d }, polygon);
        if (inside) {
          for (const s of cell) out.push(s);
          continue;
        }
        for (const s of cell) {
          if (s.latitude < b.minLat || s.latitude > b.maxLat || s.longitude < b.minLng || s.longitude > b.maxLng) continue;
          if (pointInPolygon({ lat: s.latitude, lng: s.longitude }, polygon)) out.push(s);
        }
      }
    }
    return out;
  }
}

/** Index of the first sale closed on or after `date` in a date-sorted list. */
function lowerBound(sales: Sale[], date: string): number {
  let lo = 0;
  let hi = sales.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sales[mid]!.closeDate < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
