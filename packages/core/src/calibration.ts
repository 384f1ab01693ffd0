/**
 * Range and confidence calibration. The constants below were measured by `npm run backtest -- --calibrate`
 * on the King County CALIBRATION period (subjects sold 2014-10-01 … 2014-12-31, each valued only from
 * earlier sales), never on the Jan–Mar 2015 test period (tier thresholds = tertiles of u; re-measured
 * 2026-11-25 after the location-level change). They are the fallback for a market without a stored
 * model; a market model carries its own calibration, measured on the market's own forward backtest
 * (`fitCalibration`, see blend.ts). See packages/core/README.md.
 *
 * The engine computes an uncertainty scale `u` (log units) for every estimate. Tiers split `u` at
 * the thresholds below; each tier's range half-width is `k * u` (log units), where `k` is the share-of-
 * sales quantile (COVERAGE) of |log(actual / estimate)| / u measured in that tier.
 */
export const COVERAGE = 0.8;

export interface Calibration {
  /** u below this → 'high' confidence. */
  highMaxU: number;
  /** u below this (and not high) → 'medium'; otherwise 'low'. */
  mediumMaxU: number;
  /** Range half-width multipliers per tier (log units per unit of u). */
  k: { high: number; medium: number; low: number };
  /**
   * u is multiplied by this when no grade is used (MLS-like data). Measured with
   * `npm run backtest -- --calibrate --mls-like` (Oct–Dec 2014, grade/condition/county extras removed).
   */
  noGradeFactor: number;
  /**
   * With a market model, u also grows with the disagreement d = log(comps / model):
   * u' = √(u² + disagreement · d²). 0 or absent: u alone.
   */
  disagreement?: number;
  /** Where the numbers come from, in words (e.g. "King County forward backtest 2014-10-01 … 2014-12-31, 4,760 sales"). */
  source?: string;
  /** Set when the market's history was too short to measure the range well (and it was widened). */
  note?: string | null;
}

export const CALIBRATION: Calibration = {
  highMaxU: 0.125,
  mediumMaxU: 0.1711,
  k: { high: 1.127, medium: 1.107, low: 1.0758 },
  noGradeFactor: 1.116,
  source: 'King County forward backtest, sales of 2014-10-01 … 2014-12-31 (built-in default)',
};
