/** Shared by the estimate and backtest CLIs: value subjects exactly as production does. */
import {
  collectCandidateSales,
  valueFromComps,
  ENGINE_PARAMS,
  type EngineParams,
  type Sale,
  type Subject,
  type Valuation,
  type ValuationDiagnostics,
  SaleGrid,
} from '@opencma/core';

export interface SubjectResult {
  subject: Subject;
  valuationDate: string;
  valuation: Valuation;
  diagnostics: ValuationDiagnostics;
  radiusKm: number;
  ms: number;
}

/**
 * For each subject: candidates via collectCandidateSales over an in-memory polygon search of `sales`
 * (the same selection code the worker runs against the MLS), then the comps engine (valueFromComps; the
 * market model is applied on top by lib/market.ts, as valueWithDiagnostics does in production).
 */
export async function valueSubjects(
  sales: Sale[],
  subjects: { subject: Subject; valuationDate: string }[],
  onEach?: (r: SubjectResult) => void,
  params: EngineParams = ENGINE_PARAMS,
): Promise<SubjectResult[]> {
  const grid = new SaleGrid(sales);
  const out: SubjectResult[] = [];
  for (const { subject, valuationDate } of subjects) {
    const t0 = performance.now();
    // Later sales are skipped inside the index for speed; collectCandidateSales would drop them anyway.
    const search = async (polygon: Array<{ lat: number; lng: number }>) => grid.search(polygon, valuationDate);
    const { sales: candidates, radiusKm } = await collectCandidateSales(search, subject, valuationDate);
    const { valuation, diagnostics } = valueFromComps({ subject, sales: candidates, valuationDate }, params);
    const r = { subject, valuationDate, valuation, diagnostics, radiusKm, ms: performance.now() - t0 };
    out.push(r);
    onEach?.(r);
  }
  return out;
}
