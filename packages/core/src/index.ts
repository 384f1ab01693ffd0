export * from './report-model';
export { estimateValue, valueWithDiagnostics, valueFromComps, isSameHome, ENGINE_PARAMS } from './valuation';
export type { EstimateInput, ValuationDiagnostics, ExtraFacts, EngineParams } from './valuation';
export { compSearchAreas, collectCandidateSales, isUsableCandidate, SEARCH_RADII_KM, ENOUGH_CANDIDATES } from './search';
export type { SearchArea } from './search';
export { computeMarketStats, priceBuckets, MARKET_RADIUS_KM, MARKET_RADIUS_MILES } from './market';
export { compassPoint, compsBasis, estimateAccount, isSurprising, marketStory, wholePercents } from './report-account';
export type { AccountLine, CompassPoint, CompsBasis, EstimateAccount, MarketStory } from './report-account';
export type { MarketStatsInput } from './market';
export { pointInPolygon, haversineKm, circlePolygon, polygonBounds } from './geo';
export type { LatLng } from './geo';
export { COVERAGE, CALIBRATION } from './calibration';
export type { Calibration } from './calibration';
export { trainGbt, predictGbt, GBT_DEFAULTS } from './market-model/gbt';
export type { GbtModel, GbtParams, GbtTree } from './market-model/gbt';
export { MARKET_FEATURES, MARKET_FEATURES_VERSION, marketFeatures } from './market-model/features';
export { trainMarketTrees, predictMarketValue, trainingSales, usableMarketTrees, MARKET_OPTIONS } from './market-model/model';
export type { MarketModel, MarketTrees, MarketOptions, BlendWeights, ForwardValidation, TrainInput } from './market-model/model';
export {
  applyMarketModel,
  calibratedRange,
  DRIFT_CAP,
  DRIFT_DAYS,
  DRIFT_PRIOR_SALES,
  fitMarketVersion,
  MIN_CALIBRATION_SALES,
} from './market-model/blend';
export type { BacktestRow, MarketBlend } from './market-model/blend';
export { dayNumber, dateOfDay, weekStart } from './dates';
export { SaleGrid } from './sale-grid';
export { trainMarketVersion, CALIBRATION_DAYS } from './market-model/train-version';
export type { TrainVersionInput, VersionTrees } from './market-model/train-version';
export { seededRandom } from './random';
export { compPlot } from './comp-plot';
export type { CompPlot, PlotPoint } from './comp-plot';
export { consentDisclosure, isConsentVersion, CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from './consent';
export type { ConsentParty, ConsentVersion } from './consent';
export { balanceAfterPayments, equity, monthlyPayment, netProceeds, paymentsMadeBy, remainingBalance, roundCents } from './equity';
export type { LoanTerms, NetProceeds, NetProceedsInput, ValueRange } from './equity';
export { LIKELY_TO_SELL_THRESHOLD, likelyToSellScore } from './likely-to-sell';
export type { HomeownerAction, LikelyToSellScore } from './likely-to-sell';
export {
  CURRENT_HOME_UPDATE_CONSENT_VERSION,
  homeUpdateConsentDisclosure,
  isHomeUpdateConsentVersion,
  type HomeUpdateConsentVersion,
} from './home-update-consent';
export {
  CURRENT_HOME_UPDATE_SMS_CONSENT_VERSION,
  homeUpdateSmsConsentDisclosure,
  isHomeUpdateSmsConsentVersion,
  maskedPhoneForPeople,
  type HomeUpdateSmsConsentVersion,
} from './home-update-sms-consent';
export { maySendSmsAt, nextSmsSendTime, timeZoneAt } from './quiet-hours';
export { OWED_FIELDS, owedOn, parseOwed } from './home-update-owed';
export type { OwedField, OwedOnFile, OwedParse, OwedValues } from './home-update-owed';
