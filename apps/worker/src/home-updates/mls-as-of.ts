import type { MlsGateway } from '@opencma/mls';

/**
 * The MLS as it stood on `asOf` (YYYY-MM-DD) for one cycle run at a past date (`npm run home-updates
 * -- --date`): sales that closed after it are left out. The local MLS's MLS_AS_OF hides them at the
 * source; this keeps a cycle honest whatever the server holds.
 */
export function mlsAsOf(mls: MlsGateway, asOf: string): MlsGateway {
  const until = (closeDate: string) => closeDate.slice(0, 10) <= asOf;
  return {
    findSubject: (q) => mls.findSubject(q),
    closedSalesInPolygon: async (polygon) => (await mls.closedSalesInPolygon(polygon)).filter((s) => until(s.closeDate)),
    allClosedSales: mls.allClosedSales.bind(mls),
    // An upper bound is all the comp search asks of the count (it skips areas that cannot hold enough
    // sales): the count with later sales is one, so the result is the same and small areas are not downloaded.
    ...(mls.closedSalesCountInPolygon ? { closedSalesCountInPolygon: mls.closedSalesCountInPolygon.bind(mls) } : {}),
    newestCloseDateInPolygon: async (polygon) => {
      const newest = await mls.newestCloseDateInPolygon(polygon);
      return newest && newest > asOf ? asOf : newest;
    },
    activeListingsInPolygon: (polygon) => mls.activeListingsInPolygon(polygon),
  };
}
