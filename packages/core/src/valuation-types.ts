/** Types shared by the comps engine (valuation.ts) and the market model, in their own file so neither imports the other for them. */

/** Extra numbers the backtest uses to calibrate ranges and tiers (not part of the report). */
export interface ValuationDiagnostics {
  /** Uncertainty scale of the comps estimate (log units); with a market model the range uses blendedU of it. Null without an estimate. */
  u: number | null;
  /** Regression prediction for the subject (dollars), null when not fitted. */
  modelValue: number | null;
  /** Weighted mean of the comps' adjusted log prices (dollars). */
  compsValue: number | null;
  /** The comps engine's estimate before any blend (dollars, unrounded); null without an estimate. */
  engineValue: number | null;
  /** The market model's value (dollars) when one was used. */
  marketValue: number | null;
  poolSize: number;
}

/**
 * Optional extra facts some sources (the King County file) carry on top of PropertyFacts. The engine
 * uses them when both the subject and most comps have them.
 */
export interface ExtraFacts {
  /** Average living area of the 15 nearest neighbours (county). */
  sqftLiving15?: number | null;
  sqftLot15?: number | null;
  sqftBasement?: number | null;
}
