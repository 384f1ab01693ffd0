/**
 * The "likely to sell" rule (issue #19, decisions 0029 and 0036). A pure score over what the homeowner did with
 * their report; crossing `LIKELY_TO_SELL_THRESHOLD` marks the lead and alerts the agent once.
 *
 * Points (each capped so that one kind of action alone cannot cross the threshold except a CMA request
 * together with one more signal):
 * - repeat visit on a different day (UTC): 1 each, at most 3 (the first day is not a repeat);
 * - net-proceeds calculator used: 2;
 * - PDF downloaded: 1;
 * - contact tap (call/text/e-mail the agent): 2;
 * - `cma.requested` (asked the agent for a full CMA): 3;
 * - value-update e-mails opened in a row: the newest `UPDATE_OPEN_STREAK` (2) or more sent updates all
 *   opened by a person: 2 (decision 0036; a newer update not opened breaks the run);
 * - clicked through from a value update to the report: 1 (once, however many clicks; the visit it leads
 *   to counts as a visit on its own).
 * Opens and clicks are a person's only: machine opens (Apple Mail Privacy Protection's prefetch, link
 * scanners) are told apart where they are recorded and never reach this rule. So a homeowner who opens
 * two updates in a row and asks for a CMA (2 + 3), or opens them, clicks through and uses the calculator
 * (2 + 1 + 2), crosses the threshold; opening and clicking alone (3) does not.
 */

export const LIKELY_TO_SELL_THRESHOLD = 5;
export const MAX_REPEAT_VISIT_POINTS = 3;
export const UPDATE_OPEN_STREAK = 2;

export interface HomeownerAction {
  type: string;
  /** ISO timestamp. */
  at: string;
}

export interface LikelyToSellInput {
  actions: readonly HomeownerAction[];
  /** Whether each sent value update was opened by a person, oldest first. Absent when there are no updates. */
  updatesOpened?: readonly boolean[] | undefined;
  /** How many value updates a person clicked through from. */
  updatesClicked?: number | undefined;
}

export interface LikelyToSellScore {
  score: number;
  likely: boolean;
  reasons: string[];
}

export function likelyToSellScore(input: LikelyToSellInput): LikelyToSellScore {
  const reasons: string[] = [];
  let score = 0;
  const has = (type: string) => input.actions.some((a) => a.type === type);

  const visitDays = new Set(input.actions.filter((a) => a.type === 'view').map((a) => a.at.slice(0, 10)));
  const repeat = Math.min(Math.max(0, visitDays.size - 1), MAX_REPEAT_VISIT_POINTS);
  if (repeat > 0) {
    score += repeat;
    reasons.push(`came back on ${visitDays.size - 1} other day${visitDays.size === 2 ? '' : 's'}`);
  }
  if (has('net_proceeds')) {
    score += 2;
    reasons.push('worked out what a sale would leave them');
  }
  if (has('pdf_download')) {
    score += 1;
    reasons.push('downloaded the PDF');
  }
  if (has('contact_tap')) {
    score += 2;
    reasons.push('tapped to contact you');
  }
  if (has('cma.requested')) {
    score += 3;
    reasons.push('asked for a full CMA');
  }
  const opened = input.updatesOpened ?? [];
  let streak = 0;
  for (let i = opened.length - 1; i >= 0 && opened[i]; i--) streak++;
  if (streak >= UPDATE_OPEN_STREAK) {
    score += 2;
    reasons.push(`opened the last ${streak} value updates in a row`);
  }
  if ((input.updatesClicked ?? 0) > 0) {
    score += 1;
    reasons.push('clicked through from a value update');
  }
  return { score, likely: score >= LIKELY_TO_SELL_THRESHOLD, reasons };
}
