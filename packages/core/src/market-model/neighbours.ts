/**
 * The local price level of a home (spatial lag): what its nearest earlier sales sold for per square foot.
 * For a training sale only sales strictly before its own date count (and never the same home sold
 * earlier); for a valuation, sales before the valuation date. The model version carries the sales it
 * needs in compact form (`NeighbourSales`, stored with the trees), so production and backtest compute the
 * feature with the same code from the same data. Pure; a spatial grid with each cell's sales sorted by
 * date keeps a query to a few hundred distance checks.
 */

/** Sales compacted for storage with the model: parallel arrays, integers only (JSON stays small). */
export interface NeighbourSales {
  /** Latitude and longitude × 1e5, rounded. */
  lat: number[];
  lng: number[];
  /** Day number (days since 1970-01-01) of the sale. */
  day: number[];
  /** log(price / living area) × 1000, rounded (sales without a living area are not stored). */
  ppsf: number[];
  /** Year built (0 when unknown): with the place, what tells the same home's earlier sale. */
  yearBuilt: number[];
}

export interface NeighbourSale {
  latitude: number;
  longitude: number;
  day: number;
  /** log(price / sqft); NaN when the living area is unknown. */
  logPpsf: number;
  yearBuilt: number | null;
}

/** Nearest earlier sales used per home. */
export const NEIGHBOURS_K = 20;
/** Neighbours farther than this are not looked for (the feature is then NaN: "unknown"). */
const MAX_KM = 25;
/** Distance weight 1 / (km + this): the nearest sales count most, without one sale dominating. */
const WEIGHT_KM = 0.3;
/** The same home sold earlier: this close, with the same year built (county coordinates have ~11 m resolution). */
const SAME_HOME_KM = 0.015;
const CELL_KM = 1;
const KM_PER_DEG_LAT = 111.32;

export function compactNeighbourSales(sales: NeighbourSale[]): NeighbourSales {
  const out: NeighbourSales = { lat: [], lng: [], day: [], ppsf: [], yearBuilt: [] };
  for (const s of sales) {
    if (!Number.isFinite(s.logPpsf)) continue;
    out.lat.push(Math.round(s.latitude * 1e5));
    out.lng.push(Math.round(s.longitude * 1e5));
    out.day.push(s.day);
    out.ppsf.push(Math.round(s.logPpsf * 1000));
    out.yearBuilt.push(s.yearBuilt ?? 0);
  }
  return out;
}

/** What the neighbours say about a home (all NaN when none are known). */
export interface NeighbourFeatures {
  /** Distance-weighted median of the neighbours' log(price/sqft). */
  logPpsfMedian: number;
  /** Distance-weighted mean of the same. */
  logPpsfMean: number;
  /** Median distance to the neighbours (km): how local the level is. */
  km: number;
  /** Weighted mean age of the neighbours' sales (days before the date). */
  days: number;
}

export const NO_NEIGHBOURS: NeighbourFeatures = { logPpsfMedian: Number.NaN, logPpsfMean: Number.NaN, km: Number.NaN, days: Number.NaN };

/** A spatial grid over compacted sales; cells hold their sales' indexes sorted by day. */
export class NeighbourIndex {
  private readonly lat: Float64Array;
  private readonly lng: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly day: Int32Array;
  private readonly ppsf: Float64Array;
  private readonly yb: Int32Array;
  private readonly cells = new Map<number, Int32Array>();
  private readonly kmPerDegLng: number;
  private readonly lat0: number;
  private readonly lng0: number;

  constructor(data: NeighbourSales) {
    const n = data.day.length;
    this.lat = Float64Array.from(data.lat, (v) => v / 1e5);
    this.lng = Float64Array.from(data.lng, (v) => v / 1e5);
    this.day = Int32Array.from(data.day);
    this.ppsf = Float64Array.from(data.ppsf, (v) => v / 1000);
    this.yb = Int32Array.from(data.yearBuilt);
    let latSum = 0;
    for (let i = 0; i < n; i++) latSum += this.lat[i]!;
    this.lat0 = n ? latSum / n : 0;
    this.lng0 = n ? this.lng[0]! : 0;
    this.kmPerDegLng = KM_PER_DEG_LAT * Math.cos((this.lat0 * Math.PI) / 180);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    const lists = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      this.x[i] = (this.lng[i]! - this.lng0) * this.kmPerDegLng;
      this.y[i] = (this.lat[i]! - this.lat0) * KM_PER_DEG_LAT;
      const key = this.key(Math.floor(this.x[i]! / CELL_KM), Math.floor(this.y[i]! / CELL_KM));
      let l = lists.get(key);
      if (!l) {
        l = [];
        lists.set(key, l);
      }
      l.push(i);
    }
    for (const [key, l] of lists) {
      l.sort((a, b) => this.day[a]! - this.day[b]! || a - b);
      this.cells.set(key, Int32Array.from(l));
    }
  }

  private key(cx: number, cy: number): number {
    return (cx + 4096) * 8192 + (cy + 4096);
  }

  /**
   * The k nearest sales to (latitude, longitude) dated strictly before `beforeDay` (within MAX_KM), nearest
   * first, skipping the same home's earlier sales (same spot and year built).
   */
  nearest(latitude: number, longitude: number, beforeDay: number, yearBuilt: number | null, k = NEIGHBOURS_K): { index: number; km: number }[] {
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return [];
    const qx = (longitude - this.lng0) * this.kmPerDegLng;
    const qy = (latitude - this.lat0) * KM_PER_DEG_LAT;
    const cx = Math.floor(qx / CELL_KM);
    const cy = Math.floor(qy / CELL_KM);
    const yb = yearBuilt ?? -1;
    // Top k by squared distance, kept sorted ascending.
    const bd = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
    const bi = new Int32Array(k).fill(-1);
    let found = 0;
    const maxRing = Math.ceil(MAX_KM / CELL_KM);
    for (let r = 0; r <= maxRing; r++) {
      // Every sale in ring r is at least (r − 1) cells away.
      if (found >= k && ((r - 1) * CELL_KM) ** 2 > bd[k - 1]!) break;
      for (let dx = -r; dx <= r; dx++) {
        for (let dy = -r; dy <= r; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const cell = this.cells.get(this.key(cx + dx, cy + dy));
          if (!cell) continue;
          for (let c = 0; c < cell.length; c++) {
            const i = cell[c]!;
            if (this.day[i]! >= beforeDay) break;
            const ex = this.x[i]! - qx;
            const ey = this.y[i]! - qy;
            const d2 = ex * ex + ey * ey;
            if (d2 >= bd[k - 1]!) continue;
            if (d2 <= SAME_HOME_KM * SAME_HOME_KM && this.yb[i] === yb) continue;
            let p = k - 1;
            while (p > 0 && bd[p - 1]! > d2) {
              bd[p] = bd[p - 1]!;
              bi[p] = bi[p - 1]!;
              p--;
            }
            bd[p] = d2;
            bi[p] = i;
            if (found < k) found++;
          }
        }
      }
    }
    const out: { index: number; km: number }[] = [];
    for (let j = 0; j < found; j++) {
      const km = Math.sqrt(bd[j]!);
      if (km > MAX_KM) break;
      out.push({ index: bi[j]!, km });
    }
    return out;
  }

  /** The neighbour features of a home from its nearest sales before `beforeDay` (see nearest). */
  features(latitude: number, longitude: number, beforeDay: number, yearBuilt: number | null, k = NEIGHBOURS_K): NeighbourFeatures {
    const near = this.nearest(latitude, longitude, beforeDay, yearBuilt, k);
    if (!near.length) return NO_NEIGHBOURS;
    const items: { v: number; w: number }[] = [];
    let sw = 0;
    let sv = 0;
    let sd = 0;
    for (const { index: i, km } of near) {
      const w = 1 / (km + WEIGHT_KM);
      items.push({ v: this.ppsf[i]!, w });
      sw += w;
      sv += w * this.ppsf[i]!;
      sd += w * (beforeDay - this.day[i]!);
    }
    items.sort((a, b) => a.v - b.v);
    let acc = 0;
    let med = items[items.length - 1]!.v;
    for (const it of items) {
      acc += it.w;
      if (acc >= sw / 2) {
        med = it.v;
        break;
      }
    }
    return { logPpsfMedian: med, logPpsfMean: sv / sw, km: near[near.length >> 1]!.km, days: sd / sw };
  }
}
