import { countReportSmsSince, type Db } from '@opencma/db';

/** Report texts allowed per rolling hour and day; 0 = no limit (decision 0018). */
export interface SmsBudget {
  perHour: number;
  perDay: number;
}

const HOUR_MS = 60 * 60_000;

/** Which window is full, if any: pure, given the texts counted in the last hour and day. */
export function exceededWindow(budget: SmsBudget, sent: { hour: number; day: number }): 'hour' | 'day' | null {
  if (budget.perDay > 0 && sent.day >= budget.perDay) return 'day';
  if (budget.perHour > 0 && sent.hour >= budget.perHour) return 'hour';
  return null;
}

/** Counts report texts in the database (exact, with or without Redis) and says which window is full. */
export async function checkSmsBudget(db: Db, budget: SmsBudget, now: Date = new Date()): Promise<'hour' | 'day' | null> {
  if (budget.perDay <= 0 && budget.perHour <= 0) return null;
  const [day, hour] = await Promise.all([
    budget.perDay > 0 ? countReportSmsSince(db, new Date(now.getTime() - 24 * HOUR_MS)) : 0,
    budget.perHour > 0 ? countReportSmsSince(db, new Date(now.getTime() - HOUR_MS)) : 0,
  ]);
  return exceededWindow(budget, { hour, day });
}
