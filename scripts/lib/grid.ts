/** In-memory spatial grid over sales, answering polygon searches like the MLS does. */
import { pointInPolygon, polygonBounds, type Sale } from '@opencma/core';

export class SaleGrid {
  private readonly cells = new Map<number, Sale[]>();
  constructor(sales: Sale[], private readonly cellDeg = 0.01) {
    for (const s of sales) {
      const key = this.key(this.ix(s.latitude), this.ix(s.longitude));
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = []));
      cell.push(s);
    }
  }
  private ix(deg: number): number {
    return Math.floor(deg / this.cellDeg);
  }
  private key(a: number, b: number): number {
    return (a + 20000) * 40000 + (b + 20000);
  }
  /** Sales whose location is inside the polygon. */
  search(polygon: Array<{ lat: number; lng: number }>): Sale[] {
    const b = polygonBounds(polygon);
    const out: Sale[] = [];
    for (let a = this.ix(b.minLat); a <= this.ix(b.maxLat); a++) {
      for (let c = this.ix(b.minLng); c <= this.ix(b.maxLng); c++) {
        const cell = this.cells.get(this.key(a, c));
        if (!cell) continue;
        for (const s of cell) {
          if (s.latitude < b.minLat || s.latitude > b.maxLat || s.longitude < b.minLng || s.longitude > b.maxLng) continue;
          if (pointInPolygon({ lat: s.latitude, lng: s.longitude }, polygon)) out.push(s);
        }
      }
    }
    return out;
  }
}
