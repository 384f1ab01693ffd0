import { describe, expect, it } from 'vitest';
import { collectCandidateSales, compSearchAreas, pointInPolygon, haversineKm, ENOUGH_CANDIDATES } from '../src/index';
import type { Sale } from '../src/report-model';
import { at, sale, subject } from './helpers';

describe('compSearchAreas', () => {
  it('returns ordered, widening polygons that contain their radius', () => {
    const c = at(0, 0);
    const areas = compSearchAreas(c);
    expect(areas.length).toBeGreaterThan(3);
    for (let i = 1; i < areas.length; i++) expect(areas[i]!.radiusKm).toBeGreaterThan(areas[i - 1]!.radiusKm);
    for (const a of areas) {
      // points just inside the radius in 8 directions are inside the polygon
      for (let k = 0; k < 8; k++) {
        const ang = (k * Math.PI) / 4;
        const p = at(Math.cos(ang) * a.radiusKm * 0.98, Math.sin(ang) * a.radiusKm * 0.98);
        expect(pointInPolygon({ lat: p.latitude, lng: p.longitude }, a.polygon)).toBe(true);
      }
      const far = at(a.radiusKm * 1.3, 0);
      expect(pointInPolygon({ lat: far.latitude, lng: far.longitude }, a.polygon)).toBe(false);
    }
  });
});

describe('pointInPolygon', () => {
  const square = [
    { lat: 0, lng: 0 },
    { lat: 0, lng: 1 },
    { lat: 1, lng: 1 },
    { lat: 1, lng: 0 },
  ];
  it.each([
    [0.5, 0.5, true],
    [0.1, 0.9, true],
    [1.5, 0.5, false],
    [-0.1, 0.5, false],
    [0.5, 1.01, false],
  ])('(%f, %f) inside = %s', (lat, lng, inside) => {
    expect(pointInPolygon({ lat, lng }, square)).toBe(inside);
  });
});

describe('collectCandidateSales', () => {
  function memorySearch(all: Sale[], calls: number[]) {
    return async (poly: Array<{ lat: number; lng: number }>) => {
      calls.push(poly.length);
      return all.filter((s) => pointInPolygon({ lat: s.latitude, lng: s.longitude }, poly));
    };
  }

  it('stops at the first area with enough usable candidates', async () => {
    const all: Sale[] = [];
    for (let i = 0; i < ENOUGH_CANDIDATES + 10; i++) all.push(sale({ ...at(0.3 * Math.cos(i), 0.3 * Math.sin(i)) }));
    const calls: number[] = [];
    const r = await collectCandidateSales(memorySearch(all, calls), subject(), '2015-01-01');
    expect(calls.length).toBe(1);
    expect(r.radiusKm).toBe(compSearchAreas(subject())[0]!.radiusKm);
    expect(r.sales.length).toBe(ENOUGH_CANDIDATES + 10);
  });

  it('widens when the nearby sales are too few, too late, or the subject itself', async () => {
    const near: Sale[] = [];
    for (let i = 0; i < 50; i++) near.push(sale({ ...at(0.2, 0.1), id: `late${i}`, closeDate: '2015-02-01' }));
    near.push(sale({ id: 'own', closeDate: '2014-06-01' }));
    near.push(sale({ id: 'sameday', closeDate: '2015-01-01' }));
    const far: Sale[] = [];
    for (let i = 0; i < ENOUGH_CANDIDATES; i++) far.push(sale({ ...at(3 + (i % 5) * 0.1, 0), id: `far${i}` }));
    const calls: number[] = [];
    const r = await collectCandidateSales(memorySearch([...near, ...far], calls), subject({ mlsId: 'own' }), '2015-01-01');
    const areas = compSearchAreas(subject());
    expect(r.radiusKm).toBe(4);
    expect(calls.length).toBe(areas.findIndex((a) => a.radiusKm === 4) + 1);
    const ids = new Set(r.sales.map((s) => s.id));
    expect(ids.has('own')).toBe(false);
    expect(ids.has('sameday')).toBe(false);
    expect([...ids].some((id) => id.startsWith('late'))).toBe(false);
    expect(r.sales.every((s) => s.closeDate < '2015-01-01')).toBe(true);
  });

  it('returns the widest area (possibly empty) when never enough', async () => {
    const calls: number[] = [];
    const r = await collectCandidateSales(memorySearch([sale({ ...at(1, 1) })], calls), subject(), '2015-01-01');
    const areas = compSearchAreas(subject());
    expect(calls.length).toBe(areas.length);
    expect(r.radiusKm).toBe(areas[areas.length - 1]!.radiusKm);
    expect(r.sales.length).toBe(1);
  });

  describe('with a count bound (options.count)', () => {
    function memoryCount(all: Sale[], counted: number[]) {
      return async (poly: Array<{ lat: number; lng: number }>) => {
        counted.push(poly.length);
        return all.filter((s) => pointInPolygon({ lat: s.latitude, lng: s.longitude }, poly)).length;
      };
    }
    function mixedSales() {
      const near: Sale[] = [];
      for (let i = 0; i < 50; i++) near.push(sale({ ...at(0.2, 0.1), id: `late${i}`, closeDate: '2015-02-01' }));
      near.push(sale({ id: 'own', closeDate: '2014-06-01' }));
      // 380 usable ones within 2.5 km plus 60 that closed too late: the bound passes 400 before the usable do
      for (let i = 0; i < 380; i++) near.push(sale({ ...at(2.5 * Math.cos(i), 2.5 * Math.sin(i)), id: `mid${i}` }));
      for (let i = 0; i < 60; i++) near.push(sale({ ...at(1.2, 0), id: `midlate${i}`, closeDate: '2015-03-01' }));
      const far: Sale[] = [];
      for (let i = 0; i < 40; i++) far.push(sale({ ...at(3 + (i % 5) * 0.1, 0), id: `far${i}` }));
      return [...near, ...far];
    }

    it('searches only the areas that could hold enough, with the same result', async () => {
      const all = mixedSales();
      const plain = await collectCandidateSales(memorySearch(all, []), subject({ mlsId: 'own' }), '2015-01-01');
      const searched: number[] = [];
      const counted: number[] = [];
      const bounded = await collectCandidateSales(memorySearch(all, searched), subject({ mlsId: 'own' }), '2015-01-01', {
        count: memoryCount(all, counted),
      });
      expect(bounded).toEqual(plain);
      expect(bounded.radiusKm).toBe(4);
      // 1, 1.5 and 2 km hold < 400 sales: counted, not searched; 3 km holds ≥ 400 sales but < 400 usable.
      const areas = compSearchAreas(subject());
      expect(counted.length).toBe(areas.findIndex((a) => a.radiusKm === 4) + 1);
      expect(searched.length).toBe(2);
    });

    it('searches an area whose count is unknown, and always the widest one', async () => {
      const all = [sale({ ...at(1, 1) })];
      const areas = compSearchAreas(subject());
      const unknown: number[] = [];
      const r1 = await collectCandidateSales(memorySearch(all, unknown), subject(), '2015-01-01', { count: async () => null });
      expect(unknown.length).toBe(areas.length);
      const searched: number[] = [];
      const counted: number[] = [];
      const r2 = await collectCandidateSales(memorySearch(all, searched), subject(), '2015-01-01', { count: memoryCount(all, counted) });
      expect(searched.length).toBe(1);
      expect(counted.length).toBe(areas.length - 1);
      expect(r2).toEqual(r1);
      expect(r2.radiusKm).toBe(areas[areas.length - 1]!.radiusKm);
      expect(r2.sales.length).toBe(1);
    });
  });
});

describe('haversineKm', () => {
  it('measures about 1 km per 1 km offset', () => {
    const a = at(0, 0);
    const b = at(1, 0);
    expect(haversineKm(a.latitude, a.longitude, b.latitude, b.longitude)).toBeCloseTo(1, 2);
  });
});

describe("SaleGrid (the CLIs' in-memory polygon search)", () => {
  it('returns exactly the sales inside each search polygon, optionally only earlier ones', async () => {
    const { SaleGrid } = await import('../src/sale-grid');
    const all: Sale[] = [];
    for (let i = 0; i < 600; i++) {
      const ang = i * 2.399;
      const r = (i % 40) * 0.6;
      all.push(sale({ ...at(Math.cos(ang) * r, Math.sin(ang) * r), closeDate: `2014-${String((i % 12) + 1).padStart(2, '0')}-15` }));
    }
    const grid = new SaleGrid(all);
    for (const area of compSearchAreas(subject())) {
      const brute = all
        .filter((s) => pointInPolygon({ lat: s.latitude, lng: s.longitude }, area.polygon))
        .map((s) => s.id)
        .sort();
      expect(
        grid
          .search(area.polygon)
          .map((s) => s.id)
          .sort(),
      ).toEqual(brute);
      const bruteBefore = all
        .filter((s) => s.closeDate < '2014-07-01' && pointInPolygon({ lat: s.latitude, lng: s.longitude }, area.polygon))
        .map((s) => s.id)
        .sort();
      expect(
        grid
          .search(area.polygon, '2014-07-01')
          .map((s) => s.id)
          .sort(),
      ).toEqual(bruteBefore);
    }
  });
});
