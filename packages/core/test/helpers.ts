import type { PropertyFacts, Sale, Subject } from '../src/report-model';
import { seededRandom } from '../src/random';

const BASE_LAT = 47.6;
const BASE_LNG = -122.3;

/** Offset (km east, km north) from the base point to lat/lng. */
export function at(eastKm: number, northKm: number): { latitude: number; longitude: number } {
  return {
    latitude: BASE_LAT + northKm / 111.32,
    longitude: BASE_LNG + eastKm / (111.32 * Math.cos((BASE_LAT * Math.PI) / 180)),
  };
}

let seq = 0;
/** The facts of a typical King County house, shared by test sales and subjects. */
const TYPICAL_FACTS: PropertyFacts = {
  bedrooms: 3,
  bathrooms: 2,
  sqftLiving: 2000,
  sqftLot: 5000,
  yearBuilt: 1980,
  floors: 1,
  grade: 7,
  condition: 3,
  view: 0,
  waterfront: false,
  yearRenovated: null,
};

export function sale(over: Partial<Sale> = {}): Sale {
  seq++;
  return {
    id: `s${seq}`,
    address: null,
    city: null,
    closePrice: 500_000,
    closeDate: '2014-12-01',
    photoUrl: null,
    postalCode: '98101',
    ...at(0, 0),
    ...TYPICAL_FACTS,
    ...over,
  };
}

export function subject(over: Partial<Subject> = {}): Subject {
  return {
    address: '1 Test St',
    mlsId: null,
    postalCode: '98101',
    ...at(0, 0),
    ...TYPICAL_FACTS,
    ...over,
  };
}

/** Deterministic pseudo-random generator (core's seededRandom). */
export const rng = seededRandom;

/**
 * A synthetic market: price = 250 $/sqft × sqft^0.9-ish, +8% per grade step, rising 6%/year, ±3% noise,
 * spread over ~3 km around the base point, dated through 2014.
 */
export function market(n: number, seed = 1, over: (i: number) => Partial<Sale> = () => ({})): Sale[] {
  const r = rng(seed);
  const out: Sale[] = [];
  for (let i = 0; i < n; i++) {
    const sqft = Math.round(1200 + r() * 2000);
    const grade = 6 + Math.floor(r() * 4);
    const dayOfYear = Math.floor(r() * 360);
    const date = new Date(Date.UTC(2014, 0, 1) + dayOfYear * 86_400_000).toISOString().slice(0, 10);
    const yearsBefore2015 = (365 - dayOfYear) / 365;
    const price = truePrice(sqft, grade) * Math.exp(-0.06 * yearsBefore2015) * (1 + (r() - 0.5) * 0.06);
    out.push(sale({ ...at((r() - 0.5) * 6, (r() - 0.5) * 6), sqftLiving: sqft, grade, closeDate: date, closePrice: Math.round(price), ...over(i) }));
  }
  return out;
}

/** True value at 2015-01-01 in the synthetic market. */
export function truePrice(sqft: number, grade: number): number {
  return 500_000 * (sqft / 2000) ** 0.9 * Math.exp(0.08 * (grade - 7));
}
