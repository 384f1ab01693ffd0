import type { ListingInput } from '../listing-schema';
import type { KingCountySale } from './king-county-csv';
import type { SearchFields } from './listing-index';

/** First mlsId handed out; rows are numbered in (sale date, parcel id) order, so ids are stable. */
export const FIRST_MLS_ID = 1_000_001;

export const DISCLAIMER =
  'Public King County, WA sale records (May 2014 – March 2015), served in the SimplyRETS format by the OpenCMA local MLS. Not an MLS feed.';

/** King County view rating 0–4 in words, for `.property.view`. */
export const VIEW_WORDS = ['None', 'Fair', 'Average', 'Good', 'Excellent'] as const;

/** Splits the county's quarter-bath total (2.25, 1.5, 3.75 …) into SimplyRETS bath counts. */
export function splitBathrooms(total: number): { full: number; half: number; threeQuarter: number } {
  const full = Math.floor(total);
  const quarters = Math.round((total - full) * 4);
  // A quarter bath (toilet only) is listed as a half bath by MLSs; .75 is a three-quarter bath.
  return { full, half: quarters === 1 || quarters === 2 ? 1 : 0, threeQuarter: quarters === 3 ? 1 : 0 };
}

/** "12211 SE 65th St" → number 12211, text "12211", name "SE 65th St"; ranges keep the text only. */
export function splitStreet(street: string): { number: number | null; numberText: string | null; name: string } {
  const m = /^(\d[\w-]*)\s+(.+)$/.exec(street.trim());
  if (!m) return { number: null, numberText: null, name: street.trim() };
  const numberText = m[1]!;
  return { number: /^\d+$/.test(numberText) ? Number(numberText) : null, numberText, name: m[2]! };
}

/** Public listing number: parcel and sale date, e.g. KC5056500260-20140502. */
export function listingIdOf(sale: KingCountySale): string {
  return `KC${sale.parcelId}-${sale.saleDate.replaceAll('-', '')}`;
}

const emptyAgent = () => ({
  officeMlsId: null,
  lastName: null,
  contact: null,
  address: null,
  modified: null,
  firstName: null,
  id: null,
});
const emptyOffice = () => ({ contact: null, name: null, servingName: null, brokerid: null });

function remarksFor(sale: KingCountySale): string {
  const renovated = sale.yrRenovated > 0 ? `renovated ${sale.yrRenovated}` : 'no recorded renovation';
  return (
    `King County sale record: building grade ${sale.grade} of 13, condition ${sale.condition} of 5, ` +
    `view ${sale.view} of 4${sale.waterfront ? ', waterfront' : ''}, ${renovated}; ` +
    `${sale.sqftAbove} sq ft above ground, ${sale.sqftBasement} sq ft basement.`
  );
}

/**
 * One King County sale as a Closed SimplyRETS listing. Every key of the captured demo response is
 * present (null when the county record does not know it); county-only facts go in `assessor`.
 */
export function buildListing(sale: KingCountySale, mlsId: number): ListingInput {
  const closeTimestamp = `${sale.saleDate}T00:00:00Z`;
  const baths = splitBathrooms(sale.bathrooms);
  const street = sale.street ? splitStreet(sale.street) : null;
  return {
    privateRemarks: null,
    showingContactName: null,
    property: {
      roof: null,
      cooling: null,
      style: null,
      area: sale.sqftLiving,
      bathsFull: baths.full,
      bathsHalf: baths.half,
      stories: sale.floors,
      fireplaces: null,
      flooring: null,
      heating: null,
      bathrooms: sale.bathrooms,
      foundation: null,
      laundryFeatures: null,
      occupantName: null,
      ownerName: null,
      lotDescription: null,
      pool: null,
      subType: null,
      bedrooms: sale.bedrooms,
      interiorFeatures: null,
      lotSize: `${sale.sqftLot} sq ft`,
      areaSource: 'Public Records',
      maintenanceExpense: null,
      additionalRooms: null,
      exteriorFeatures: null,
      water: sale.waterfront ? 'Waterfront' : null,
      view: VIEW_WORDS[sale.view] ?? null,
      lotSizeArea: sale.sqftLot,
      subdivision: null,
      construction: null,
      parking: { leased: null, spaces: null, description: null },
      lotSizeAreaUnits: 'Square Feet',
      type: 'RES',
      garageSpaces: null,
      bathsThreeQuarter: baths.threeQuarter,
      accessibility: null,
      acres: Math.round((sale.sqftLot / 43_560) * 10_000) / 10_000,
      occupantType: null,
      subTypeText: null,
      yearBuilt: sale.yrBuilt,
    },
    mlsId,
    showingContactPhone: null,
    terms: null,
    showingInstructions: null,
    office: emptyOffice(),
    leaseTerm: null,
    disclaimer: DISCLAIMER,
    specialListingConditions: null,
    originalListPrice: null,
    address: {
      crossStreet: null,
      state: sale.state ?? 'WA',
      country: 'United States',
      postalCode: sale.zip,
      streetName: street?.name ?? null,
      streetNumberText: street?.numberText ?? null,
      city: sale.city,
      streetNumber: street?.number ?? null,
      full: sale.street,
      unit: null,
    },
    agreement: null,
    listDate: null,
    agent: emptyAgent(),
    modified: closeTimestamp,
    school: { middleSchool: null, highSchool: null, elementarySchool: null, district: null },
    photos: [],
    listPrice: null,
    internetAddressDisplay: null,
    listingId: listingIdOf(sale),
    mls: {
      status: 'Closed',
      area: null,
      daysOnMarket: null,
      originalEntryTimestamp: null,
      originatingSystemName: 'King County Department of Assessments',
      statusText: 'Sold',
      areaMinor: null,
    },
    internetEntireListingDisplay: null,
    geo: { county: 'King', lat: sale.latitude, lng: sale.longitude, marketArea: null, directions: null },
    tax: { taxYear: null, taxAnnualAmount: null, id: sale.parcelId },
    coAgent: emptyAgent(),
    sales: {
      closeDate: closeTimestamp,
      office: emptyOffice(),
      closePrice: sale.price,
      agent: emptyAgent(),
      contractDate: null,
    },
    ownership: null,
    leaseType: null,
    virtualTourUrl: null,
    remarks: remarksFor(sale),
    association: { frequency: null, fee: null, name: null, amenities: null },
    assessor: {
      source: 'King County Department of Assessments',
      parcelId: sale.parcelId,
      grade: sale.grade,
      condition: sale.condition,
      view: sale.view,
      waterfront: sale.waterfront,
      yearRenovated: sale.yrRenovated > 0 ? sale.yrRenovated : null,
      sqftAbove: sale.sqftAbove,
      sqftBasement: sale.sqftBasement,
    },
  };
}

/** Sales in mlsId order: numbered by (sale date, parcel id), so ids are stable for a given file. */
export function numberSales(sales: readonly KingCountySale[]): { sale: KingCountySale; mlsId: number }[] {
  const ordered = [...sales].sort((a, b) => a.saleDate.localeCompare(b.saleDate) || a.parcelId.localeCompare(b.parcelId) || a.price - b.price);
  return ordered.map((sale, i) => ({ sale, mlsId: FIRST_MLS_ID + i }));
}

/**
 * What `searchFieldsOf(buildListing(sale, mlsId))` gives, read straight from the row so the server
 * need not build 18,000 listings at start-up (a test keeps the two in step).
 */
export function saleSearchFields(sale: KingCountySale, mlsId: number): SearchFields {
  const timestamp = `${sale.saleDate}T00:00:00Z`;
  const street = sale.street ? splitStreet(sale.street) : null;
  return {
    mlsId,
    status: 'Closed',
    type: 'RES',
    lat: sale.latitude,
    lng: sale.longitude,
    postalCode: sale.zip,
    city: sale.city?.toLowerCase() ?? null,
    state: (sale.state ?? 'WA').toLowerCase(),
    county: 'king',
    beds: sale.bedrooms,
    baths: sale.bathrooms,
    area: sale.sqftLiving,
    price: sale.price,
    yearBuilt: sale.yrBuilt,
    listDate: null,
    closeDate: timestamp,
    modified: timestamp,
    searchText: [listingIdOf(sale), sale.street, street?.numberText, street?.name, sale.city, sale.zip].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    ),
  };
}
