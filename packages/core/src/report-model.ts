/**
 * Shared vocabulary of the report: what the worker stores in consumer_reports, what the API returns
 * and what the web page and PDF render. Plain data only.
 */

/** Facts about a home; null when the source does not know. */
export interface PropertyFacts {
  bedrooms: number | null;
  /** Bathrooms in quarters as the county counts them (2.25 = 2 full + 1 quarter). */
  bathrooms: number | null;
  sqftLiving: number | null;
  sqftLot: number | null;
  yearBuilt: number | null;
  floors: number | null;
  /** County construction-quality grade 1–13 (7 average); most MLS feeds lack it. */
  grade: number | null;
  /** County condition 1–5; most MLS feeds lack it. */
  condition: number | null;
  /** View quality 0–4. */
  view: number | null;
  waterfront: boolean | null;
  yearRenovated: number | null;
}

export interface Location {
  latitude: number;
  longitude: number;
  postalCode: string | null;
}

/** The consumer's home, as found in the MLS and possibly corrected by the consumer. */
export interface Subject extends PropertyFacts, Location {
  address: string;
  /** MLS id of the listing the subject was matched to, if any (excluded from its own comps). */
  mlsId: string | null;
  /** Facts the consumer corrected, by field name. */
  consumerProvided?: (keyof PropertyFacts)[];
}

/** A closed sale: a candidate comparable. */
export interface Sale extends PropertyFacts, Location {
  id: string;
  address: string | null;
  city: string | null;
  closePrice: number;
  /** YYYY-MM-DD */
  closeDate: string;
  photoUrl: string | null;
  /** Last list price before the sale, when the MLS gives it (for sale-to-list). */
  listPrice?: number | null;
  /** Days from listing to contract or close, when the MLS gives it. */
  daysOnMarket?: number | null;
}

export interface Adjustment {
  /** e.g. 'time', 'size', 'bedrooms', 'bathrooms', 'age', 'lot', 'grade', 'condition', 'view', 'waterfront' */
  factor: string;
  amount: number;
  reason: string;
}

export interface CompDetail {
  sale: Sale;
  distanceKm: number;
  daysBeforeValuation: number;
  similarity: number;
  adjustments: Adjustment[];
  adjustedPrice: number;
  weight: number;
}

export type ConfidenceTier = 'high' | 'medium' | 'low';

export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** Share of real sales the range is calibrated to hold, e.g. 0.8. */
  coverage: number;
}

/**
 * How the estimate was put together, so the page can say "comparable sales suggest X, the market model
 * suggests Y" and with which weights. Absent on valuations made before valuation v2.
 */
export interface ValuationBlend {
  /** What the comparable sales (and the local price model around them) suggest, in dollars. */
  compsValue: number;
  /** What the market-wide model suggests, in dollars; null when the market has no model yet. */
  marketModelValue: number | null;
  /** Shares of the estimate (geometric weights, sum 1); marketModelWeight is 0 without a model. */
  compsWeight: number;
  marketModelWeight: number;
  /**
   * Market movement applied on top of the weighted parts (fraction, e.g. 0.004 = +0.4%), measured on the
   * model version's most recent backtested sales. Absent without a model and on older valuations.
   */
  marketDrift?: number;
  /** Version of the market model used, e.g. "king-county@2015-01-05"; null without one. */
  marketModelVersion: string | null;
  /** Where the range and confidence calibration come from, in words. */
  calibrationSource: string;
}

export interface Valuation {
  /** YYYY-MM-DD */
  valuationDate: string;
  estimate: Estimate | null;
  /** The parts of the estimate (comps vs market model); set whenever there is an estimate. */
  blend?: ValuationBlend | null;
  confidence: ConfidenceTier | null;
  flagged: boolean;
  flagReason: string | null;
  comps: CompDetail[];
  /** Which widening step found the comps, in words (technical: for the backtest and logs, not consumer copy). */
  searchStep: string;
  notes: string[];
  /**
   * What the comps engine's local price model (fitted on earlier nearby sales) suggests for the home, in
   * dollars; it carries the comps part's weight the comps do not (1 − the comps' weights). Absent on
   * valuations stored before it was recorded (report-account.ts then derives it).
   */
  localModelValue?: number | null;
  /** Where the sales came from: 'demo' is the bundled local MLS (King County 2014–15), set by the worker from config. */
  dataSource?: DataSource;
}

export type DataSource = 'demo' | 'mls';

export interface MonthlyMarketPoint {
  /** YYYY-MM */
  month: string;
  sales: number;
  medianPrice: number | null;
  medianPricePerSqft: number | null;
  /** False for a month the data does not cover to its end (the valuation month, usually): not a "0 sold". */
  complete?: boolean;
}

export interface PriceBucket {
  min: number;
  max: number;
  count: number;
}

export interface MarketStats {
  /** What area the statistics describe, in words (e.g. "within 1 mile of the home", "ZIP 98103"). */
  areaLabel: string;
  /** The radius of the market area in miles when it is a fixed circle around the home. */
  radiusMiles?: number | null;
  /** YYYY-MM-DD */
  asOf: string;
  salesCount: number;
  medianPrice: number | null;
  medianPricePerSqft: number | null;
  /** Change of the median $/sqft over the last 12 months vs the 12 before, as a fraction; null when unknown. */
  priceChangeYoY: number | null;
  monthly: MonthlyMarketPoint[];
  priceDistribution: PriceBucket[];
  /** Only when the MLS provides active listings. */
  activeListings: number | null;
  /** Median days on market of the sales (or, without those, of the active listings); null when unknown. */
  medianDaysOnMarket: number | null;
  /** Median sale price ÷ last list price of the sales that have one, e.g. 1.02; null when unknown. */
  medianSaleToList?: number | null;
  /** Median living area of the sales (sq ft), to place the home; null when unknown. */
  medianSqftLiving?: number | null;
  /**
   * The 12-month price trend: median $/sqft of the window's last 3 months vs its first 3 (a fraction,
   * e.g. 0.06); null with too few sales. Unlike priceChangeYoY it needs only the 12 months shown.
   */
  priceTrend12m?: number | null;
}

export type ReportStatus = 'pending' | 'processing' | 'completed' | 'failed';
/**
 * Why a report failed, when the cause is known: the address could not be located (no instant estimate
 * is possible; the agent owes a personal valuation), or the MLS could not be reached or refused us.
 * A failure without a code is an unknown one.
 */
export const REPORT_FAILURE_CODES = ['address_not_found', 'mls_unavailable'] as const;
export type ReportFailureCode = (typeof REPORT_FAILURE_CODES)[number];
export type PdfStatus = 'pending' | 'ready' | 'failed';

export interface ReportAgent {
  name: string;
  phone: string | null;
  email: string | null;
  photoUrl: string | null;
  agentCode: string;
  brokerage: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  secondaryColor: string | null;
  /** Compliance (US advertising rules): the agent's licence number, the brokerage's, and whether to show the Equal Housing Opportunity statement. */
  licenseNumber: string | null;
  brokerageLicenseNumber: string | null;
  equalHousingOpportunity: boolean;
  /** The agent's defaults for the homeowner's net-proceeds calculator, in percent of the sale price (decision 0029). */
  saleCommissionPct: number;
  closingCostPct: number;
}

/** Everything the report page and the PDF show. Never carries the consumer's phone number. */
export interface ReportModel {
  id: string;
  status: ReportStatus;
  createdAt: string;
  completedAt: string | null;
  failureReason: string | null;
  failureCode: ReportFailureCode | null;
  /** No instant estimate was possible: the agent prepares a personal valuation. */
  needsPersonalValuation: boolean;
  propertyAddress: string;
  subject: Subject | null;
  valuation: Valuation | null;
  market: MarketStats | null;
  agent: ReportAgent;
  pdf: { status: PdfStatus; url: string | null };
  /** YYYY-MM-DD: newest sale the report's data knows of. */
  dataAsOf: string | null;
  disclaimer: string;
  /**
   * The homeowner's number masked, "(206) •••-••34" (area code and last two digits only): the value-updates
   * form names where texts would go (decision 0034). Never the number itself.
   */
  maskedPhone?: string | null;
}
