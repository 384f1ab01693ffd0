import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { OwedOnFile } from '@opencma/core';
import type { Db } from './client';
import { home_subscriptions, home_updates, type HomeSubscription, type HomeUpdateFrequency } from './schema';

/** The subscription's columns for what the homeowner owes (decision 0035): all null when nothing is on file. */
export function owedColumns(owed: OwedOnFile | null): OwedColumns {
  return {
    owed_amount: owed?.kind === 'owed' ? owed.amount : null,
    owed_as_of: owed?.kind === 'owed' ? owed.asOf : null,
    loan_amount: owed?.kind === 'loan' ? owed.amount : null,
    loan_start: owed?.kind === 'loan' ? owed.start : null,
    loan_rate_pct: owed?.kind === 'loan' ? owed.ratePct : null,
    loan_term_years: owed?.kind === 'loan' ? owed.termYears : null,
  };
}

/** What the homeowner gave for their equity line, or null. */
export function owedOnFileOf(sub: HomeSubscription): OwedOnFile | null {
  if (sub.owed_amount !== null && sub.owed_as_of !== null) return { kind: 'owed', amount: sub.owed_amount, asOf: sub.owed_as_of };
  if (sub.loan_amount !== null && sub.loan_start !== null && sub.loan_rate_pct !== null && sub.loan_term_years !== null)
    return { kind: 'loan', amount: sub.loan_amount, start: sub.loan_start, ratePct: sub.loan_rate_pct, termYears: sub.loan_term_years };
  return null;
}

export interface OwedColumns {
  owed_amount: number | null;
  owed_as_of: string | null;
  loan_amount: number | null;
  loan_start: string | null;
  loan_rate_pct: number | null;
  loan_term_years: number | null;
}

export interface HomeUpdatePreferencesChange {
  frequency?: HomeUpdateFrequency | undefined;
  /** undefined: leave as it is; null: forget it; else replace it. */
  owed?: OwedOnFile | null | undefined;
}

/**
 * Changes an active subscription's preferences by its token. Returns false when no active
 * subscription has that token (the route answers the same either way); changes nothing then.
 */
export async function updateHomeSubscriptionPreferences(db: Db, token: string, change: HomeUpdatePreferencesChange, now: Date): Promise<boolean> {
  const set = {
    ...(change.frequency ? { frequency: change.frequency } : {}),
    ...(change.owed !== undefined ? { ...owedColumns(change.owed), owed_updated_at: now } : {}),
  };
  if (Object.keys(set).length === 0) {
    const [row] = await db
      .select({ id: home_subscriptions.id })
      .from(home_subscriptions)
      .where(and(eq(home_subscriptions.unsubscribe_token, token), eq(home_subscriptions.status, 'active')));
    return row !== undefined;
  }
  const rows = await db
    .update(home_subscriptions)
    .set(set)
    .where(and(eq(home_subscriptions.unsubscribe_token, token), eq(home_subscriptions.status, 'active')))
    .returning({ id: home_subscriptions.id });
  return rows.length > 0;
}

export interface HomeValueHistoryEntry {
  period: string;
  /** YYYY-MM-DD the home was valued as of. */
  valuedAt: string | null;
  sentAt: Date;
  estimate: { value: number; low: number; high: number } | null;
}

/**
 * The sent updates of one report's home, oldest first: one per period (several addresses subscribed
 * to the same home get the same valuation; the first sent stands for the period). Only the updates of
 * subscriptions to `reportId` — never another home's.
 */
export async function homeValueHistory(db: Db, reportId: string): Promise<HomeValueHistoryEntry[]> {
  const rows = await db
    .selectDistinctOn([home_updates.period], {
      period: home_updates.period,
      valuedAt: sql<string | null>`${home_updates.valuation}->>'valuationDate'`,
      sentAt: home_updates.sent_at,
      value: home_updates.estimate_value,
      low: home_updates.estimate_low,
      high: home_updates.estimate_high,
    })
    .from(home_updates)
    .innerJoin(home_subscriptions, eq(home_subscriptions.id, home_updates.subscription_id))
    .where(and(eq(home_subscriptions.report_id, reportId), eq(home_updates.status, 'sent'), isNotNull(home_updates.sent_at)))
    .orderBy(asc(home_updates.period), asc(home_updates.sent_at));
  return rows.map((r) => ({
    period: r.period,
    valuedAt: r.valuedAt,
    sentAt: r.sentAt!,
    estimate: r.value !== null && r.low !== null && r.high !== null ? { value: r.value, low: r.low, high: r.high } : null,
  }));
}
