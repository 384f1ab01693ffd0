/**
 * The "likely to sell" rule (issue #19, decision 0029). A pure score over what the homeowner did with
 * their report; crossing `LIKELY_TO_SELL_THRESHOLD` marks the lead and alerts the agent once.
 *
 * Points (each capped so that one kind of action alone cannot cross the threshold except a CMA request
 * together with one more signal):
 * - repeat visit on a different day (UTC): 1 each, at most 3 (the first day is not a repeat);
 * - net-proceeds calculator used: 2;
 * - PDF downloaded: 1;
 * - contact tap (call/text/e-mail the agent): 2;
 * - `cma.requested` (asked the agent for a full CMA): 3;
 * - several update e-mails opened in a row (the newest 3 or more, when that data exists): 2.
 */

export const LIKELY_TO_SELL_THRESHOLD = 5;
export const MAX_REPEAT_VISIT_POINTS = 3;
export const UPDATE_OPEN_STREAK = 3;

export interface HomeownerAction {
  type: string;
  /** ISO timestamp. */
  at: string;
}

export interface LikelyToSellInput {
  actions: readonly HomeownerAction[];
  /** Whether each monthly update was opened, oldest first. Absent when there are no updates. */
  updatesOpened?: readonly boolean[] | undefined;
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
    reasons.push(`opened the last ${streak} updates`);
  }
  return { score, likely: score >= LIKELY_TO_SELL_THRESHOLD, reasons };
}
