/**
 * A report id is the capability to read the report (and the consumer's address), so it never goes
 * into a log line: logs carry a short hash of it instead, enough to correlate lines and to find the
 * row (`select id from consumer_reports where left(encode(sha256(convert_to(id, 'UTF8')), 'hex'), 12) = '…'`).
 */
import { createHash } from 'node:crypto';

/** The 12-hex-digit (48-bit) prefix of the id's SHA-256, prefixed `ref:`; it does not reveal the id. */
export function reportRef(reportId: string): string {
  return `ref:${createHash('sha256').update(reportId).digest('hex').slice(0, 12)}`;
}

const ID = '[A-Za-z0-9_-]{16,64}';
/** Where a report id appears in a JSON log line: a report_id field, or a path that names the report. */
const IN_LOG_LINE = new RegExp(
  [
    `("(?:report_id|reportId)":")(${ID})(")`,
    `(/r/)(${ID})(?![A-Za-z0-9_-])()`,
    `(/consumer-reports/)(${ID})(?![A-Za-z0-9_-])()`,
    `(reports/)(${ID})(\\.pdf)`,
    // a value update's tracking and unsubscribe tokens lead to the report too (decision 0036)
    `(/home-updates/(?:open|click|unsubscribe)/)(${ID})(?![A-Za-z0-9_-])()`,
  ].join('|'),
  'g',
);
/** Three groups per alternative above: before, id, after. */
const GROUPS = 15;

/**
 * A serialised log line with every report id replaced by its reportRef (pino's `hooks.streamWrite`,
 * so it covers request URLs, child-logger bindings, messages and texts that quote a link alike).
 */
export function redactReportIds(line: string): string {
  return line.replace(IN_LOG_LINE, (...m: string[]) => {
    for (let g = 1; g < GROUPS; g += 3) {
      if (m[g + 1] !== undefined) return `${m[g]}${reportRef(m[g + 1]!)}${m[g + 2] ?? ''}`;
    }
    return m[0]!;
  });
}
