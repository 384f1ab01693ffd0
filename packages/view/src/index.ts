/**
 * @opencma/view: what every face of a report is built from — the report page, its PDF and the
 * e-mails. The `html` template tag (the one place markup is escaped), the formatters (the one
 * currency formatter) and the validation of agent branding. Pure: no I/O, nothing Node-only, so
 * server code, the PDF and browser bundles can all use it.
 */
export { escapeHtml, html, join, jsonForScript, raw, SafeHtml, type HtmlValue } from './html';
export { baths, coverageWords, miles, money, moneyShort, number, percent, signedMoney, signedPercent } from './format';
export { date, monthAxis, monthShort, monthYear } from './dates';
export { ADJUSTMENT_LABEL, adjustmentSentence, CONFIDENCE, rangeSentence } from './report-words';
export { axisTicks, niceMax } from './chart-axis';
export { marketWords, reportStory, type ReportStory } from './report-story';
export { mailHref, phone, phoneHref } from './contact';
export { failureWords, type FailureWords } from './failure';
export { complianceLine, EQUAL_HOUSING_OPPORTUNITY, type ComplianceFacts } from './compliance';
export { exactPriceMessage, prefilledContact } from './next-step';
export {
  brandStyle,
  contrastRatio,
  DEFAULT_BRAND,
  httpsImageUrl,
  INK,
  inkOn,
  luminance,
  safeColor,
  safeImageUrl,
  safeLinkUrl,
  WHITE,
  type BrandStyle,
} from './branding';
