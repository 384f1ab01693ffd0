/** Maps King County–format CSV rows (data/king-county/README.md) to core Sale / Subject objects. */
import type { Sale, Subject } from '@opencma/core';

function numOrNull(v: string | undefined): number | null {
  if (v == null) return null;
  const t = v.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}
function strOrNull(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
}

/** Stable id of one sale row: parcel and date (a parcel may sell twice). */
export function saleId(row: Record<string, string>): string {
  return `${(row.parcel_id ?? '').trim()}:${(row.sale_date ?? '').trim()}`;
}

function facts(row: Record<string, string>) {
  const wf = numOrNull(row.waterfront);
  const yrRen = numOrNull(row.yr_renovated);
  return {
    bedrooms: numOrNull(row.bedrooms),
    bathrooms: numOrNull(row.bathrooms),
    sqftLiving: numOrNull(row.sqft_living),
    sqftLot: numOrNull(row.sqft_lot),
    yearBuilt: numOrNull(row.yr_built),
    floors: numOrNull(row.floors),
    grade: numOrNull(row.grade),
    condition: numOrNull(row.condition),
    view: numOrNull(row.view),
    waterfront: wf == null ? null : wf !== 0,
    // The county writes 0 for "never renovated".
    yearRenovated: yrRen == null || yrRen === 0 ? null : yrRen,
    // Extra county facts the engine uses when present (ExtraFacts).
    sqftLiving15: numOrNull(row.sqft_living15),
    sqftLot15: numOrNull(row.sqft_lot15),
    sqftBasement: numOrNull(row.sqft_basement),
  };
}

function address(row: Record<string, string>): string | null {
  const parts = [row.street, row.city, row.state].map(strOrNull).filter((x): x is string => x != null);
  return parts.length ? parts.join(', ') : null;
}

/** A sale row → Sale; null when price, date or location is missing. */
export function rowToSale(row: Record<string, string>): Sale | null {
  const price = numOrNull(row.price);
  const lat = numOrNull(row.latitude);
  const lng = numOrNull(row.longitude);
  const date = strOrNull(row.sale_date);
  if (price == null || price <= 0 || lat == null || lng == null || date == null) return null;
  return {
    ...facts(row),
    id: saleId(row),
    address: address(row),
    city: strOrNull(row.city),
    closePrice: price,
    closeDate: date,
    photoUrl: null,
    latitude: lat,
    longitude: lng,
    postalCode: strOrNull(row.zip),
  };
}

/** A subject row → Subject and its valuation date (its sale_date); null when date or location is missing. */
export function rowToSubject(row: Record<string, string>): { subject: Subject; valuationDate: string } | null {
  const lat = numOrNull(row.latitude);
  const lng = numOrNull(row.longitude);
  const date = strOrNull(row.sale_date);
  if (lat == null || lng == null || date == null) return null;
  return {
    subject: {
      ...facts(row),
      address: address(row) ?? `parcel ${(row.parcel_id ?? '').trim()}`,
      // Its own sale (if it is in the sales file) must never be its comp.
      mlsId: saleId(row),
      latitude: lat,
      longitude: lng,
      postalCode: strOrNull(row.zip),
    },
    valuationDate: date,
  };
}
