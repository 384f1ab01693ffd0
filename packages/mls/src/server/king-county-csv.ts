import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled King County sales, resolved from this file so any working directory works. */
export const DEFAULT_DATA_FILE = fileURLToPath(new URL('../../../../data/king-county/sales_2014-05_2015-03.csv', import.meta.url));

/** One row of data/king-county/*.csv (see the README there for the meaning of each column). */
export interface KingCountySale {
  parcelId: string;
  saleDate: string;
  price: number;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number;
  longitude: number;
  bedrooms: number;
  bathrooms: number;
  sqftLiving: number;
  sqftLot: number;
  floors: number;
  waterfront: boolean;
  view: number;
  condition: number;
  grade: number;
  sqftAbove: number;
  sqftBasement: number;
  yrBuilt: number;
  yrRenovated: number;
}

const REQUIRED_COLUMNS = [
  'parcel_id',
  'sale_date',
  'price',
  'street',
  'city',
  'state',
  'zip',
  'latitude',
  'longitude',
  'bedrooms',
  'bathrooms',
  'sqft_living',
  'sqft_lot',
  'floors',
  'waterfront',
  'view',
  'condition',
  'grade',
  'sqft_above',
  'sqft_basement',
  'yr_built',
  'yr_renovated',
] as const;

/** Parses the CSV text (plain comma-separated, no quoted fields in this file). */
export function parseKingCountyCsv(text: string): KingCountySale[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = Object.fromEntries(
    REQUIRED_COLUMNS.map((c) => {
      const i = header.indexOf(c);
      if (i < 0) throw new Error(`King County CSV: missing column ${c}`);
      return [c, i];
    }),
  ) as Record<(typeof REQUIRED_COLUMNS)[number], number>;
  const rows: KingCountySale[] = [];
  const bad = (n: number, name: string): never => {
    throw new Error(`King County CSV line ${n + 1}: bad ${name}`);
  };
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line === '') continue;
    if (line.includes('"')) throw new Error(`King County CSV line ${n + 1}: quoted fields are not supported`);
    const cells = line.split(',');
    const num = (name: (typeof REQUIRED_COLUMNS)[number]): number => {
      const cell = cells[col[name]];
      const v = cell ? +cell : Number.NaN;
      return Number.isFinite(v) ? v : bad(n, name);
    };
    rows.push({
      parcelId: cells[col.parcel_id] ?? '',
      saleDate: cells[col.sale_date] ?? '',
      price: num('price'),
      street: cells[col.street] || null,
      city: cells[col.city] || null,
      state: cells[col.state] || null,
      zip: cells[col.zip] || null,
      latitude: num('latitude'),
      longitude: num('longitude'),
      bedrooms: num('bedrooms'),
      bathrooms: num('bathrooms'),
      sqftLiving: num('sqft_living'),
      sqftLot: num('sqft_lot'),
      floors: num('floors'),
      waterfront: num('waterfront') === 1,
      view: num('view'),
      condition: num('condition'),
      grade: num('grade'),
      sqftAbove: num('sqft_above'),
      sqftBasement: num('sqft_basement'),
      yrBuilt: num('yr_built'),
      yrRenovated: num('yr_renovated'),
    });
  }
  return rows;
}

const cache = new Map<string, KingCountySale[]>();

/** Reads and parses a data file once per process. */
export function loadKingCountySales(file: string = DEFAULT_DATA_FILE): KingCountySale[] {
  let rows = cache.get(file);
  if (!rows) {
    rows = parseKingCountyCsv(readFileSync(file, 'utf8'));
    cache.set(file, rows);
  }
  return rows;
}
