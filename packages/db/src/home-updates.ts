import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Valuation } from '@opencma/core';
import type { Db } from './client';
import type { OwedColumns } from './home-update-preferences';
import { home_subscriptions, home_updates, type HomeSubscription, type HomeUpdate, type HomeUpdateFrequency } from './schema';

/** With what the homeowner owes only when they gave it (decision 0035). */
export interface NewHomeSubscription extends Partial<OwedColumns> {
  report_id: string;
  agent_id: string;
  email: string;
  frequency: HomeUpdateFrequency;
  consent_text: string;
  consent_version: number;
  consent_at: Date;
  consent_ip: string | null;
  consent_user_agent: string | null;
}

/** A new unsubscribe token: 192 random bits, base64url. */
const newToken = () => randomBytes(24).toString('base64url');

/**
 * Subscribes an address to a report's home; subscribing again while subscribed keeps the one there
 * is (its consent and token stay the first ones).
 */
export async function createHomeSubscription(db: Db, input: NewHomeSubscription): Promise<HomeSubscription> {
  const [row] = await db
    .insert(home_subscriptions)
    .values({ ...input, consent_text_sha256: createHash('sha256').update(input.consent_text).digest('hex'), unsubscribe_token: newToken() })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(home_subscriptions)
    .where(
      and(eq(home_subscriptions.report_id, input.report_id), eq(home_subscriptions.email, input.email), eq(home_subscriptions.status, 'active')),
    );
  if (!existing) throw new Error('home subscription conflict without an active subscription');
  return existing;
}

export async function findHomeSubscriptionByToken(db: Db, token: string): Promise<HomeSubscription | null> {
  const [row] = await db.select().from(home_subscriptions).where(eq(home_subscriptions.unsubscribe_token, token));
  return row ?? null;
}

/** Unsubscribes the token's subscription (idempotent); false when no subscription has that token. */
export async function unsubscribeHomeSubscription(db: Db, token: string, now: Date): Promise<boolean> {
  const sub = await findHomeSubscriptionByToken(db, token);
  if (!sub) return false;
  if (sub.status === 'active') {
    await db
      .update(home_subscriptions)
      .set({ status: 'unsubscribed', unsubscribed_at: now })
      .where(and(eq(home_subscriptions.id, sub.id), eq(home_subscriptions.status, 'active')));
  }
  return true;
}

/** '2015-05' → months since year 0 (for the quarterly rule). */
const monthIndex = (period: string) => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};

/**
 * One batch of a cycle: the next `limit` active subscriptions after `afterId` (by id) get a pending
 * row for `period` when due (monthly: every period; quarterly: every third month from the opt-in).
 * Rows already there are left as they are (ON CONFLICT DO NOTHING). Returns the new rows' ids, the
 * batch's last subscription id (null: no more subscriptions) and how many subscriptions it read.
 */
export async function planHomeUpdateBatch(
  db: Db,
  opts: { period: string; afterId: string | null; limit: number },
): Promise<{ created: string[]; lastId: string | null; seen: number }> {
  const subs = await db
    .select({ id: home_subscriptions.id, frequency: home_subscriptions.frequency, created_at: home_subscriptions.created_at })
    .from(home_subscriptions)
    .where(and(eq(home_subscriptions.status, 'active'), opts.afterId ? gt(home_subscriptions.id, opts.afterId) : undefined))
    .orderBy(asc(home_subscriptions.id))
    .limit(opts.limit);
  if (subs.length === 0) return { created: [], lastId: null, seen: 0 };
  const target = monthIndex(opts.period);
  const due = subs.filter((s) => {
    if (s.frequency === 'monthly') return true;
    const start = s.created_at.getUTCFullYear() * 12 + s.created_at.getUTCMonth();
    return (((target - start) % 3) + 3) % 3 === 0;
  });
  const created = due.length
    ? await db
        .insert(home_updates)
        .values(due.map((s) => ({ subscription_id: s.id, period: opts.period })))
        .onConflictDoNothing()
        .returning({ id: home_updates.id })
    : [];
  return { created: created.map((r) => r.id), lastId: subs.at(-1)!.id, seen: subs.length };
}

export async function getHomeUpdate(db: Db, id: string): Promise<HomeUpdate | null> {
  const [row] = await db.select().from(home_updates).where(eq(home_updates.id, id));
  return row ?? null;
}

export async function getHomeSubscription(db: Db, id: string): Promise<HomeSubscription | null> {
  const [row] = await db.select().from(home_subscriptions).where(eq(home_subscriptions.id, id));
  return row ?? null;
}

/** The subscription's newest sent update before `period` (the "since the last update" baseline). */
export async function previousSentHomeUpdate(db: Db, subscriptionId: string, period: string): Promise<HomeUpdate | null> {
  const [row] = await db
    .select()
    .from(home_updates)
    .where(and(eq(home_updates.subscription_id, subscriptionId), eq(home_updates.status, 'sent'), lt(home_updates.period, period)))
    .orderBy(desc(home_updates.period))
    .limit(1);
  return row ?? null;
}

/**
 * Claims a pending update for sending, once the subscription is still active: only the claimer sends.
 * The valuation the e-mail shows is stored with the claim.
 */
export async function claimHomeUpdate(
  db: Db,
  id: string,
  now: Date,
  valued: { valuation: Valuation | null; estimate_value: number | null; estimate_low: number | null; estimate_high: number | null },
): Promise<HomeUpdate | null> {
  const [row] = await db
    .update(home_updates)
    .set({ status: 'sending', claim_id: randomUUID(), claimed_at: now, ...valued })
    .where(
      and(
        eq(home_updates.id, id),
        eq(home_updates.status, 'pending'),
        sql`exists (select 1 from ${home_subscriptions} where ${home_subscriptions.id} = ${home_updates.subscription_id} and ${home_subscriptions.status} = 'active')`,
      ),
    )
    .returning();
  return row ?? null;
}

/** Records the send's outcome; false when the claim is no longer this one's. */
export async function finishHomeUpdate(
  db: Db,
  id: string,
  claimId: string,
  result: { status: 'sent'; sent_at: Date } | { status: 'failed'; last_error: string },
): Promise<boolean> {
  const rows = await db
    .update(home_updates)
    .set(
      result.status === 'sent' ? { status: 'sent', sent_at: result.sent_at, last_error: null } : { status: 'failed', last_error: result.last_error },
    )
    .where(and(eq(home_updates.id, id), eq(home_updates.claim_id, claimId), eq(home_updates.status, 'sending')))
    .returning({ id: home_updates.id });
  return rows.length > 0;
}

/** A pending update skipped because its subscription ended before it was sent. */
export async function skipHomeUpdate(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(home_updates)
    .set({ status: 'failed', last_error: reason })
    .where(and(eq(home_updates.id, id), eq(home_updates.status, 'pending')));
}

/**
 * Updates left `sending` since before `claimedBefore` (their sender died mid-send): whether the mail
 * went out is unknown, so they become `unknown` and are never sent again.
 */
export async function markStaleHomeUpdateClaims(db: Db, claimedBefore: Date): Promise<number> {
  const rows = await db
    .update(home_updates)
    .set({ status: 'unknown', last_error: 'the sender stopped while sending; not sent again' })
    .where(and(eq(home_updates.status, 'sending'), lt(home_updates.claimed_at, claimedBefore)))
    .returning({ id: home_updates.id });
  return rows.length;
}

/**
 * Pending updates created before `createdBefore`: their job may have been lost. An update deferred to
 * `not_before` (quiet hours, decision 0034) is left alone until `now` reaches it.
 */
export async function findPendingHomeUpdateIds(
  db: Db,
  createdBefore: Date,
  limit = 1000,
  now: Date = new Date(),
): Promise<Array<{ id: string; period: string }>> {
  return db
    .select({ id: home_updates.id, period: home_updates.period })
    .from(home_updates)
    .where(
      and(
        eq(home_updates.status, 'pending'),
        lt(home_updates.created_at, createdBefore),
        or(isNull(home_updates.not_before), lte(home_updates.not_before, now)),
      ),
    )
    .orderBy(asc(home_updates.created_at))
    .limit(limit);
}

/**
 * Counts of a period's updates by status (the cycle command waits on these); a pending text update
 * deferred by quiet hours counts as `deferred` (decision 0034).
 */
export async function homeUpdateCounts(db: Db, period: string): Promise<Record<string, number>> {
  const status = sql<string>`(case when ${home_updates.status} = 'pending' and ${home_updates.not_before} is not null then 'deferred' else ${home_updates.status} end)`;
  const rows = await db.select({ status, n: sql<number>`count(*)::int` }).from(home_updates).where(eq(home_updates.period, period)).groupBy(status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Gives a claim back (the mail server said "try later" before taking the message): the queue retries it. */
export async function releaseHomeUpdateClaim(db: Db, id: string, claimId: string, error: string): Promise<void> {
  await db
    .update(home_updates)
    .set({ status: 'pending', claim_id: null, claimed_at: null, last_error: error })
    .where(and(eq(home_updates.id, id), eq(home_updates.claim_id, claimId), eq(home_updates.status, 'sending')));
}
