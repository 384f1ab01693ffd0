export { createSimplyRetsClient, ACCEPT } from './client/simplyrets-client';
export type {
  SimplyRetsClient,
  SimplyRetsClientOptions,
  SearchPage,
  SearchAllOptions,
  RequestOptions,
} from './client/simplyrets-client';
export { MlsError, isRetryableStatus } from './client/errors';
export type { MlsErrorKind } from './client/errors';
export { toSearchParams, MAX_PAGE_SIZE } from './client/search-params';
export type { PropertySearchParams, PropertyTypeParam, SortParam } from './client/search-params';
export { createLimiter } from './client/concurrency';
export type { Limiter } from './client/concurrency';

export { listingSchema, listingArraySchema, LISTING_STATUSES } from './listing-schema';
export type { Listing, ListingInput, ListingStatus, PropertiesOptions } from './listing-schema';

export {
  listingToSale,
  listingToSubject,
  listingToFacts,
  bathroomsOf,
  lotSqftOf,
  streetLineOf,
  oneLineAddressOf,
  isoDateOf,
} from './normalise';
export { findSubjectByAddress, pickBestMatch } from './find-subject';
export type { SubjectLookup } from './find-subject';
export {
  fetchClosedSalesInPolygon,
  fetchAllClosedSales,
  fetchActiveListingsInPolygon,
  fetchNewestCloseDateInPolygon,
  countClosedSalesInPolygon,
} from './polygon-search';
export { suggestAddresses } from './suggest';
export type { AddressSuggestion } from './suggest';
export type { MlsGateway, MlsAddressSuggestions, Polygon } from './gateway';
export { createSimplyRetsGateway } from './simplyrets-gateway';
export { isPointInPolygon } from './geo';
export type { LatLng } from './geo';

export { startLocalMlsServer } from './server/local-mls-server';
export type { LocalMlsServer, LocalMlsServerOptions, LocalMlsServerStats } from './server/local-mls-server';
export type { FaultOptions } from './server/faults';
export { DEFAULT_DATA_FILE } from './server/king-county-csv';
export { DEMO_CREDENTIALS } from './server/auth';
export type { Credentials } from './server/auth';
