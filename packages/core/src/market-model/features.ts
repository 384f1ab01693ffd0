/** What the market model sees of a home: its facts, its place and the date (NaN when unknown). */
import { dayNumber } from '../dates';
import type { ExtraFacts } from '../valuation-types';
import type { Location, PropertyFacts } from '../report-model';

type Home = PropertyFacts & ExtraFacts & Location;

const ROTATIONS = [15, 30, 45, 60, 75];

export const MARKET_FEATURES = [
  'day',
  'latitude',
  'longitude',
  ...ROTATIONS.map((a) => `rot${a}`),
  'bedrooms',
  'bathrooms',
  'sqftLiving',
  'sqftLot',
  'floors',
  'waterfront',
  'view',
  'condition',
  'grade',
  'yearBuilt',
  'yearRenovated',
  'sqftLiving15',
  'sqftLot15',
  'sqftBasement',
  'postalCode',
];

const n = (x: number | null | undefined): number => (x != null && Number.isFinite(x) ? x : Number.NaN);

/** The feature row of a home as of `date` (YYYY-MM-DD): its sale date when training, the valuation date when predicting. */
export function marketFeatures(h: Home, date: string): number[] {
  const row = [dayNumber(date), h.latitude, h.longitude];
  // Rotated coordinates let axis-aligned trees draw diagonal boundaries.
  for (const a of ROTATIONS) {
    const r = (a * Math.PI) / 180;
    row.push(h.latitude * Math.cos(r) + h.longitude * Math.sin(r));
  }
  const zip = h.postalCode != null ? Number.parseInt(h.postalCode, 10) : Number.NaN;
  row.push(
    n(h.bedrooms),
    n(h.bathrooms),
    n(h.sqftLiving),
    n(h.sqftLot),
    n(h.floors),
    h.waterfront == null ? Number.NaN : h.waterfront ? 1 : 0,
    n(h.view),
    n(h.condition),
    n(h.grade),
    n(h.yearBuilt),
    n(h.yearRenovated),
    n(h.sqftLiving15),
    n(h.sqftLot15),
    n(h.sqftBasement),
    n(zip),
  );
  return row;
}
