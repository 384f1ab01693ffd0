/** What the market model sees of a home: its facts, its place and the date (NaN when unknown). */
import { dayNumber } from '../dates';
import type { ExtraFacts } from '../valuation-types';
import type { Location, PropertyFacts } from '../report-model';
import type { NeighbourFeatures } from './neighbours';

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

/** The local price level from the nearest earlier sales (neighbours.ts); only when the model uses them. */
export const NEIGHBOUR_FEATURES = ['nbrLogPpsfMedian', 'nbrLogPpsfMean', 'nbrLogValue', 'nbrKm', 'nbrDays'];

/** The feature names of a model with or without the neighbour features. */
export function marketFeatureNames(neighbours: boolean): string[] {
  return neighbours ? [...MARKET_FEATURES, ...NEIGHBOUR_FEATURES] : MARKET_FEATURES;
}

/** Bumped whenever a feature's meaning changes: stored trees of another version are not used. */
export const MARKET_FEATURES_VERSION = 2;

const n = (x: number | null | undefined): number => (x != null && Number.isFinite(x) ? x : Number.NaN);

/**
 * The feature row of a home as of `date` (YYYY-MM-DD): its sale date when training, the valuation date when
 * predicting; `nbr` (the neighbour features) only for a model that uses them.
 */
export function marketFeatures(h: Home, date: string, nbr: NeighbourFeatures | null = null): number[] {
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
  if (nbr) {
    row.push(
      nbr.logPpsfMedian,
      nbr.logPpsfMean,
      h.sqftLiving != null && h.sqftLiving > 0 ? nbr.logPpsfMedian + Math.log(h.sqftLiving) : Number.NaN,
      nbr.km,
      nbr.days,
    );
  }
  return row;
}
