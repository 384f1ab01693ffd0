/** Calendar dates for people, read as written (no time zone shift), the same on the page, in the PDF and in e-mails. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-04" or an ISO timestamp → "Mar 4, 2025"; "2025-03" → "Mar 2025"; anything unparseable is returned as given. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return m[3] ? `${month} ${Number(m[3])}, ${m[1]}` : `${month} ${m[1]}`;
}

/**
 * "2025-03" → "Mar": a chart's axis label. Market charts cover the 12 months ending with the
 * valuation month, so a month appears once; the full "Mar 2025" (date) goes in the bar's title.
 */
export function monthShort(yyyymm: string): string {
  const m = /^\d{4}-(\d{2})/.exec(yyyymm);
  return (m && MONTHS[Number(m[1]) - 1]) ?? yyyymm;
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2015-03-27" or "2015-03" → "March 2015"; anything unparseable is returned as given. */
export function monthYear(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  const month = m && LONG_MONTHS[Number(m[2]) - 1];
  return m && month ? `${month} ${m[1]}` : iso;
}

/**
 * Axis labels of a monthly chart (page and PDF alike): "Apr" for each month, with the year under the
 * first month and under every January, so a reader always knows which year a bar is in.
 */
export function monthAxis(months: readonly string[]): { month: string; year: string | null }[] {
  return months.map((m, i) => ({ month: monthShort(m), year: i === 0 || m.slice(5, 7) === '01' ? m.slice(0, 4) : null }));
}
