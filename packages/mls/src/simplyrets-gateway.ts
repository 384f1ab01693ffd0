import type { SimplyRetsClient } from './client/simplyrets-client';
import { findSubjectByAddress } from './find-subject';
import type { MlsAddressSuggestions, MlsGateway } from './gateway';
import {
  countClosedSalesInPolygon,
  fetchActiveListingsInPolygon,
  fetchAllClosedSales,
  fetchClosedSalesInPolygon,
  fetchNewestCloseDateInPolygon,
} from './polygon-search';
import { suggestAddresses } from './suggest';

/** The MLS gateway (and address suggestions) over a SimplyRETS client: the real API or the local server. */
export function createSimplyRetsGateway(client: SimplyRetsClient): MlsGateway & MlsAddressSuggestions {
  return {
    findSubject: (q) => findSubjectByAddress(client, { address: q.address, postalCode: q.postalCode ?? undefined, mlsId: q.mlsId ?? undefined }),
    closedSalesInPolygon: (polygon) => fetchClosedSalesInPolygon(client, polygon),
    allClosedSales: () => fetchAllClosedSales(client),
    closedSalesCountInPolygon: (polygon) => countClosedSalesInPolygon(client, polygon),
    newestCloseDateInPolygon: (polygon) => fetchNewestCloseDateInPolygon(client, polygon),
    activeListingsInPolygon: async (polygon) =>
      (await fetchActiveListingsInPolygon(client, polygon)).map((l) => ({
        listPrice: l.listPrice ?? null,
        daysOnMarket: l.mls?.daysOnMarket ?? null,
      })),
    suggestAddresses: (query, limit) => suggestAddresses(client, query, limit),
  };
}
