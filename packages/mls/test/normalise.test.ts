import { describe, expect, it } from 'vitest';
import { listingSchema } from '../src/listing-schema';
import { bathroomsOf, isoDateOf, listingToSale, listingToSubject, lotSqftOf } from '../src/normalise';
import { loadDemoListings } from './spec-validator';

/** The first listing of the captured real SimplyRETS response, through the boundary schema. */
const demo = listingSchema.parse(loadDemoListings()[0]);

describe('normalisation of a real SimplyRETS listing', () => {
  it('parses every captured listing at the boundary', () => {
    for (const raw of loadDemoListings()) expect(listingSchema.safeParse(raw).success).toBe(true);
  });

  it('maps a listing with a sale to a Sale (no county extras → null)', () => {
    expect(listingToSale(demo)).toEqual({
      id: '1005192',
      address: '74434 East Sweet Bottom Br #18393',
      city: 'Houston',
      closePrice: 17946033,
      closeDate: '1996-10-21',
      photoUrl: 'https://s3-us-west-2.amazonaws.com/cdn.simplyrets.com/properties/trial/home9.jpg',
      postalCode: '77096',
      latitude: 29.689418,
      longitude: -95.474464,
      bedrooms: 2,
      bathrooms: 8, // 5 full + 6 half
      sqftLiving: 1043,
      sqftLot: null,
      yearBuilt: 1998,
      floors: 3,
      grade: null,
      condition: null,
      view: null, // "Golf Course" is not a 0–4 rating
      waterfront: null,
      yearRenovated: null,
      listPrice: 20714261, // for the market's sale-to-list
      daysOnMarket: 862,
    });
    // a feed without them (the bundled county sales) adds neither key
    const bare = listingToSale({ ...demo, listPrice: null, mls: { ...demo.mls, daysOnMarket: null } })!;
    expect('listPrice' in bare || 'daysOnMarket' in bare).toBe(false);
  });

  it('maps a listing to a Subject with a one-line address', () => {
    expect(listingToSubject(demo)).toMatchObject({
      address: '74434 East Sweet Bottom Br #18393, Houston, Texas 77096',
      mlsId: '1005192',
      latitude: 29.689418,
    });
  });

  it('returns null when a sale lacks price, date or coordinates, tolerating missing keys', () => {
    expect(listingToSale(listingSchema.parse({ mlsId: 1 }))).toBeNull();
    expect(listingToSale({ ...demo, sales: { ...demo.sales, closePrice: null } })).toBeNull();
    expect(listingToSale({ ...demo, geo: null })).toBeNull();
    expect(listingToSubject({ ...demo, address: null })).toBeNull();
  });

  it('keeps unknown keys and accepts numeric-string bathrooms', () => {
    const parsed = listingSchema.parse({ mlsId: 2, somethingNew: { a: 1 }, property: { bathrooms: '2.75' } });
    expect((parsed as Record<string, unknown>).somethingNew).toEqual({ a: 1 });
    expect(bathroomsOf(parsed.property)).toBe(2.75);
  });

  it('derives baths and lot size from the parts when totals are missing', () => {
    expect(bathroomsOf({ bathsFull: 2, bathsHalf: 1, bathsThreeQuarter: 1 })).toBe(3.25);
    expect(bathroomsOf({})).toBeNull();
    expect(lotSqftOf({ lotSizeArea: 0.5, lotSizeAreaUnits: 'Acres' })).toBe(21780);
    expect(lotSqftOf({ acres: 1 })).toBe(43560);
    expect(lotSqftOf({ lotSizeArea: 5000 })).toBe(5000);
  });

  it('takes the date as written from a timestamp', () => {
    expect(isoDateOf('2014-05-02T00:00:00Z')).toBe('2014-05-02');
    expect(isoDateOf('2011-05-23T18:50:30.184391Z')).toBe('2011-05-23');
    expect(isoDateOf(null)).toBeNull();
  });
});
