import { z } from 'zod';

/**
 * Boundary schema for a SimplyRETS `Listing` (GET /properties, GET /properties/{mlsId}).
 * Tolerant on purpose: every documented key may be missing or null, unknown keys pass through
 * (feeds add keys over time), and only `mlsId` is required. Field names follow the official spec
 * and the captured demo response.
 */
const str = z.string().nullish();
const num = z.number().nullish();
const int = z.number().nullish();

export const contactSchema = z.looseObject({ email: str, office: str, cell: str });

export const agentSchema = z.looseObject({
  id: str,
  firstName: str,
  lastName: str,
  officeMlsId: str,
  contact: contactSchema.nullish(),
  address: z.unknown().nullish(),
  modified: str,
});

export const officeSchema = z.looseObject({
  brokerid: str,
  name: str,
  servingName: str,
  contact: contactSchema.nullish(),
});

export const streetAddressSchema = z.looseObject({
  crossStreet: str,
  state: str,
  country: str,
  postalCode: str,
  streetName: str,
  streetNumberText: str,
  city: str,
  streetNumber: int,
  full: str,
  unit: str,
});

export const geoSchema = z.looseObject({
  county: str,
  lat: num,
  lng: num,
  marketArea: str,
  directions: str,
});

export const parkingSchema = z.looseObject({ leased: str, spaces: int, description: str });

export const propertySchema = z.looseObject({
  roof: str,
  cooling: str,
  style: str,
  area: int,
  bathsFull: int,
  bathsHalf: int,
  bathsThreeQuarter: int,
  /** Spec: "format: string", the demo sends null; numbers and numeric strings are both accepted. */
  bathrooms: z.union([z.number(), z.string()]).nullish(),
  stories: num,
  fireplaces: int,
  flooring: str,
  heating: str,
  foundation: str,
  poolFeatures: str,
  pool: str,
  laundryFeatures: str,
  occupantName: str,
  ownerName: str,
  lotDescription: str,
  acres: num,
  subType: str,
  subTypeText: str,
  bedrooms: int,
  interiorFeatures: str,
  lotSize: str,
  areaSource: str,
  maintenanceExpense: num,
  additionalRooms: str,
  exteriorFeatures: str,
  water: str,
  view: str,
  lotSizeArea: num,
  lotSizeAreaUnits: str,
  subdivision: str,
  construction: str,
  parking: parkingSchema.nullish(),
  type: str,
  garageSpaces: num,
  accessibility: str,
  occupantType: str,
  yearBuilt: int,
});

export const LISTING_STATUSES = [
  'Active',
  'ActiveUnderContract',
  'Pending',
  'Hold',
  'Withdrawn',
  'Closed',
  'Expired',
  'Delete',
  'Incomplete',
  'ComingSoon',
] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const mlsInformationSchema = z.looseObject({
  /** Kept as a string: a feed may add statuses before the spec does. */
  status: str,
  statusText: str,
  area: str,
  areaMinor: str,
  daysOnMarket: int,
  originalEntryTimestamp: str,
  originatingSystemName: str,
});

export const salesSchema = z.looseObject({
  closeDate: str,
  closePrice: num,
  contractDate: str,
  agent: agentSchema.nullish(),
  office: officeSchema.nullish(),
});

/**
 * County-record facts that a plain SimplyRETS feed does not carry. The local King County server
 * adds them under the extra top-level key `assessor` (see packages/mls/README.md); a real feed
 * leaves the key out.
 */
export const assessorSchema = z.looseObject({
  source: str,
  parcelId: str,
  grade: int,
  condition: int,
  view: int,
  waterfront: z.boolean().nullish(),
  yearRenovated: int,
  sqftAbove: int,
  sqftBasement: int,
});

export const listingSchema = z.looseObject({
  mlsId: z.number().int(),
  listingId: str,
  listPrice: num,
  originalListPrice: num,
  listDate: str,
  modified: str,
  address: streetAddressSchema.nullish(),
  geo: geoSchema.nullish(),
  property: propertySchema.nullish(),
  mls: mlsInformationSchema.nullish(),
  sales: salesSchema.nullish(),
  agent: agentSchema.nullish(),
  coAgent: agentSchema.nullish(),
  office: officeSchema.nullish(),
  school: z.looseObject({ elementarySchool: str, middleSchool: str, highSchool: str, district: str }).nullish(),
  tax: z.looseObject({ id: str, taxYear: int, taxAnnualAmount: num }).nullish(),
  association: z.looseObject({ name: str, fee: num, frequency: str, amenities: str }).nullish(),
  photos: z.array(z.string()).nullish(),
  remarks: str,
  privateRemarks: str,
  showingInstructions: str,
  showingContactName: str,
  showingContactPhone: str,
  disclaimer: str,
  internetAddressDisplay: z.boolean().nullish(),
  internetEntireListingDisplay: z.boolean().nullish(),
  specialListingConditions: str,
  ownership: str,
  leaseTerm: str,
  leaseType: str,
  virtualTourUrl: str,
  terms: str,
  agreement: str,
  assessor: assessorSchema.nullish(),
});

export type Listing = z.output<typeof listingSchema>;
export type ListingInput = z.input<typeof listingSchema>;

export const listingArraySchema = z.array(listingSchema);

export const propertiesOptionsSchema = z.looseObject({
  expires: str,
  lastUpdate: str,
  fields: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
});
export type PropertiesOptions = z.output<typeof propertiesOptionsSchema>;
