/**
 * Positions of the subject and its comparable sales relative to each other, for an offline plot
 * (no map tiles): an equirectangular projection around the subject, scaled to fit a square, then
 * pins that would sit on top of each other nudged apart. Pure; the report page draws it as SVG.
 * The report page and the PDF both draw it (apps/web lib/report/comp-map.ts, packages/pdf comp-plot.ts).
 */
export interface PlotPoint {
  /** 1-based number shown on the plot and beside the comp in the list. */
  n: number;
  x: number;
  y: number;
}

export interface CompPlot {
  size: number;
  subject: { x: number; y: number };
  points: PlotPoint[];
  /** Radius of the outer guide ring, in plot units, and the distance it stands for. */
  ring: { r: number; miles: number };
}

const KM_PER_DEG_LAT = 111.32;
const MILES_PER_KM = 0.621371;
const RING_STEPS_MILES = [0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 50];

function niceMiles(m: number): number {
  return RING_STEPS_MILES.find((s) => m <= s) ?? Math.ceil(m / 50) * 50;
}

/** Pushes pins (and pins off the subject) apart until none overlap; a few passes, deterministic. */
function separate(points: PlotPoint[], subject: { x: number; y: number }, minGap: number, size: number): void {
  for (let pass = 0; pass < 40; pass++) {
    let moved = false;
    const all = [{ n: 0, ...subject }, ...points];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i]!;
        const b = all[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= minGap) continue;
        if (d < 1e-6) {
          const angle = (j * 2.399963) % (2 * Math.PI); // golden angle: distinct directions
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (minGap - d) / 2;
        const ux = dx / d;
        const uy = dy / d;
        if (a.n === 0) {
          b.x += ux * push * 2;
          b.y += uy * push * 2;
        } else {
          a.x -= ux * push;
          a.y -= uy * push;
          b.x += ux * push;
          b.y += uy * push;
        }
        moved = true;
      }
    }
    for (let k = 0; k < points.length; k++) {
      const p = all[k + 1]!;
      points[k]!.x = Math.min(size - 10, Math.max(10, p.x));
      points[k]!.y = Math.min(size - 10, Math.max(10, p.y));
    }
    if (!moved) break;
  }
}

export function compPlot(subject: { latitude: number; longitude: number }, comps: { latitude: number; longitude: number }[], size = 300): CompPlot {
  const cos = Math.cos((subject.latitude * Math.PI) / 180);
  const offsets = comps.map((c) => ({
    dx: (c.longitude - subject.longitude) * KM_PER_DEG_LAT * cos,
    dy: (c.latitude - subject.latitude) * KM_PER_DEG_LAT,
  }));
  const maxKm = Math.max(0.05, ...offsets.map((o) => Math.hypot(o.dx, o.dy)));
  const ringMiles = niceMiles(maxKm * MILES_PER_KM);
  const half = size / 2;
  const scale = (half - 18) / (ringMiles / MILES_PER_KM);
  const points = offsets.map((o, i) => ({ n: i + 1, x: half + o.dx * scale, y: half - o.dy * scale }));
  separate(points, { x: half, y: half }, size * 0.065, size);
  return {
    size,
    subject: { x: half, y: half },
    points: points.map((p) => ({ n: p.n, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 })),
    ring: { r: Math.round((ringMiles / MILES_PER_KM) * scale * 10) / 10, miles: ringMiles },
  };
}
