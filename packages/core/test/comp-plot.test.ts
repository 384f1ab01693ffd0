import { describe, expect, it } from 'vitest';
import { compPlot } from '../src/comp-plot';

const subject = { latitude: 47.6969, longitude: -122.3489 };
const comps = [
  { latitude: 47.6985, longitude: -122.3489 }, // ~180 m north
  { latitude: 47.6969, longitude: -122.3449 }, // ~300 m east
  { latitude: 47.6969, longitude: -122.3449 }, // same spot as the one before (townhouses)
  { latitude: 47.6969, longitude: -122.3489 }, // on the subject
  { latitude: 47.6929, longitude: -122.3529 }, // south-west
];

describe('comp plot (the report map without tiles)', () => {
  const plot = compPlot(subject, comps);

  it('puts the home in the centre, north up and east right', () => {
    expect(plot.subject).toEqual({ x: 150, y: 150 });
    expect(plot.points[0]!.y).toBeLessThan(150);
    expect(Math.abs(plot.points[0]!.x - 150)).toBeLessThan(1);
    expect(plot.points[1]!.x).toBeGreaterThan(150);
    expect(plot.points[4]!.x).toBeLessThan(150);
    expect(plot.points[4]!.y).toBeGreaterThan(150);
    expect(plot.points.map((p) => p.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('draws a ring at a round distance that holds every sale, and keeps pins apart and inside', () => {
    expect(plot.ring.miles).toBe(0.5);
    for (const p of plot.points) {
      expect(p.x).toBeGreaterThanOrEqual(10);
      expect(p.x).toBeLessThanOrEqual(290);
      expect(Math.hypot(p.x - 150, p.y - 150)).toBeGreaterThan(18);
    }
    for (let i = 0; i < plot.points.length; i++)
      for (let j = i + 1; j < plot.points.length; j++) {
        const [a, b] = [plot.points[i]!, plot.points[j]!];
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(18);
      }
  });

  it('copes with a single sale on the home itself', () => {
    const one = compPlot(subject, [subject]);
    expect(one.points).toHaveLength(1);
    expect(Number.isFinite(one.points[0]!.x)).toBe(true);
  });
});
