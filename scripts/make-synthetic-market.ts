/**
 * The second backtest market: a synthetic town whose prices are generated from a known model, so the
 * backtest can check ranges and tiers outside King County. Deterministic (seeded); writes
 * data/synthetic/sales.csv in the King County columns, with only MLS-like facts (no grade, condition,
 * view or neighbour columns) plus `market_value` (the generated value before the sale's own noise and any
 * non-arm's-length discount).
 *
 *   npm run make:synthetic          (rewrites data/synthetic/sales.csv; the committed file came from this)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { seededRandom } from '@opencma/core';
import { toCsv } from './lib/csv';

const rand = seededRandom(20150630);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const DAY_MS = 86_400_000;
const START = Date.UTC(2014, 0, 1);
const DAYS = 546; // 2014-01-01 … 2015-06-30
const LAT0 = 40.0;
const LNG0 = -100.1;
const KM_LAT = 111.32;
const KM_LNG = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const SIZE_KM = 14;

// Neighbourhood price level: a gentle gradient, waves and a few pockets above or below the town.
const BUMPS = Array.from({ length: 6 }, () => ({ x: rand() * SIZE_KM, y: rand() * SIZE_KM, h: (rand() - 0.5) * 0.6, r: 0.8 + rand() * 1.5 }));
function level(x: number, y: number): number {
  let v = -0.015 * Math.hypot(x - 7, y - 7) + 0.12 * Math.sin(x / 2.5) + 0.1 * Math.cos(y / 3.2);
  for (const b of BUMPS) v += b.h * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
  return v;
}
/** Town-wide price index (log) at day t: +7% a year with a spring high. */
const index = (t: number) => 0.07 * (t / 365.25) + 0.025 * Math.sin((2 * Math.PI * (t - 60)) / 365.25);

const HOMES = 3400;
const rows: (string | number)[][] = [];
for (let h = 0; h < HOMES; h++) {
  const x = rand() * SIZE_KM;
  const y = rand() * SIZE_KM;
  const era = level(x, y) > 0.05 ? 1990 : 1955; // pricier pockets are newer on average
  const yearBuilt = Math.max(1900, Math.min(2013, Math.round(era + normal() * 22)));
  const sqft = Math.round(Math.min(6000, Math.max(600, Math.exp(Math.log(1900) + 0.32 * normal() + 0.4 * level(x, y)))) / 10) * 10;
  const beds = Math.max(1, Math.min(6, Math.round(sqft / 620 + normal() * 0.6)));
  const baths = Math.max(1, Math.round((sqft / 850 + normal() * 0.4) * 4) / 4);
  const lot = Math.round(Math.exp(Math.log(6500) + 0.45 * normal() - (0.02 * (yearBuilt - 1960)) / 10) / 10) * 10;
  const floors = sqft > 2300 && rand() < 0.7 ? 2 : 1;
  // Unobserved finish and upkeep: uniform in new areas, very mixed among old homes and in the mixed
  // east side (so some homes are harder to value than others, as in real markets).
  const mixed = 1 / (1 + Math.exp(-(x - 9) * 1.5));
  const quality = (0.03 + 0.13 * Math.min(1, (2015 - yearBuilt) / 90) + 0.08 * mixed) * normal();
  const parcel = String(7000000000 + h * 37);
  const base = (t: number, renovated: boolean) =>
    12.15 +
    0.55 * Math.log(sqft / 1900) +
    0.07 * Math.log(lot / 6500) +
    0.025 * (baths - 2) -
    0.01 * (beds - 3) -
    0.0018 * (2015 - yearBuilt) +
    level(x, y) +
    index(t) +
    quality +
    (renovated ? 0.3 : 0);
  const sell = (t: number, renovated: boolean, yearRenovated: number) => {
    const marketLog = base(t, renovated);
    let log = marketLog + 0.04 * normal();
    if (rand() < 0.03) log -= 0.3 + 0.4 * rand(); // non-arm's-length: family transfer, estate sale
    const date = new Date(START + t * DAY_MS).toISOString().slice(0, 10);
    rows.push([
      parcel,
      date,
      Math.round(Math.exp(log) / 100) * 100,
      '',
      'Synthetown',
      '',
      99000 + Math.floor(x / 3.5) * 10 + Math.floor(y / 3.5),
      (LAT0 + y / KM_LAT).toFixed(5),
      (LNG0 + x / KM_LNG).toFixed(5),
      beds,
      baths,
      sqft,
      lot,
      floors,
      0,
      '',
      '',
      '',
      '',
      '',
      yearBuilt,
      yearRenovated,
      '',
      '',
      Math.round(Math.exp(marketLog) / 100) * 100,
    ]);
  };
  const t = Math.floor(rand() * DAYS);
  sell(t, false, 0);
  // About 2% are flips: bought, renovated and sold again 3–9 months later.
  if (rand() < 0.02) {
    const t2 = t + 90 + Math.floor(rand() * 180);
    if (t2 < DAYS) sell(t2, true, Number(new Date(START + t2 * DAY_MS).toISOString().slice(0, 4)));
  }
}
rows.sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : a[0]! < b[0]! ? -1 : 1));
const HEADER =
  'parcel_id,sale_date,price,street,city,state,zip,latitude,longitude,bedrooms,bathrooms,sqft_living,sqft_lot,floors,waterfront,view,condition,grade,sqft_above,sqft_basement,yr_built,yr_renovated,sqft_living15,sqft_lot15,market_value'.split(
    ',',
  );
mkdirSync('data/synthetic', { recursive: true });
writeFileSync('data/synthetic/sales.csv', toCsv(HEADER, rows));
console.log(`wrote data/synthetic/sales.csv: ${rows.length} sales of ${HOMES} homes`);
