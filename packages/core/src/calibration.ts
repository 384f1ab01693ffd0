/**
 * Range and confidence calibration (tier thresholds = tertiles of u; re-measured 2026-11-25 after the location-level change).
 * Range and confidence calibration. Measured by `npm run backtest -- --calibrate` on the King County
 * CALIBRATION period (subjects sold 2014-10-01 … 2014-12-31, each valued only from earlier sales),
 * never on the Jan–Mar 2015 test period. See packages/core/README.md.
 *
 * The engine computes an uncertainty scale `u` (log units) for every estimate. Tiers split `u` at
 * the thresholds below; each tier's range half-width is `k * u` (log units), where `k` is the share-of-
 * sales quantile (COVERAGE) of |log(actual / estimate)| / u measured in that tier.
 */
export const COVERAGE = 0.8;

export const CALIBRATION = {
  /** u below this → 'high' confidence. */
  highMaxU: 0.125,
  /** u below this (and not high) → 'medium'; otherwise 'low'. */
  mediumMaxU: 0.1711,
  /** Range half-width multipliers per tier (log units per unit of u). */
  k: { high: 1.127, medium: 1.107, low: 1.0758 },
  /**
   * u is multiplied by this when no grade is used (MLS-like data). Measured with
   * `npm run backtest -- --calibrate --mls-like` (Oct–Dec 2014, grade/condition/county extras removed).
   */
  noGradeFactor: 1.116,
} as const;
