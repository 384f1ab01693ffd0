import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Valuation } from '@opencma/core';
import type { Db } from './client';
import { home_subscriptions, home_updates, sms_logs, type HomeSubscription, type HomeUpdateFrequency } from './schema';
import type { ClaimedSms } from './sms-logs';

/** A subscription to value updates by text (decision 0034): the report's own number and its own express consent. */
export interface NewHomeTextSubscription {
  report_id: string;
  agent_id: string;
  /** The report's consumer_phone (E.164): texts never go to a number the form could type. */
  phone: string;
  time_zone: string | null;
  frequency: HomeUpdateFrequency;
  consent_text: string;
  consent_version: number;
  consent_at: Date;
  consent_ip: string | null;
  consent_user_agent: string | null;
}

/**
 * Subscribes a report's number to value updates by text; subscribing again while subscribed keeps the
 * one there is (its consent stays the first one). The consent columns cannot be updated (migration 0016).
 */
export async function createHomeTextSubscription(db: Db, input: NewHomeTextSubscription): Promise<HomeSubscription> {
  const [row] = await db
    .insert(home_subscriptions)
    .values({
      ...input,
      channel: 'sms',
      email: null,
      consent_text_sha256: createHash('sha256').update(input.consent_text).digest('hex'),
      unsubscribe_token: randomBytes(24).toString('base64url'),
    })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(home_subscriptions)
    .where(and(eq(home_subscriptions.report_id, input.report_id), eq(home_subscriptions.channel, 'sms'), eq(home_subscriptions.status, 'active')));
  if (!existing) throw new Error('home text subscription conflict without an active subscription');
  return existing;
}

/** A STOP from `phone` (or error 21610) ends every text subscription of that number; returns how many ended. */
export async function endHomeTextSubscriptions(db: Db, phone: string, now: Date): Promise<number> {
  const rows = await db
    .update(home_subscriptions)
    .set({ status: 'unsubscribed', unsubscribed_at: now, unsubscribe_reason: 'sms_opt_out' })
    .where(and(eq(home_subscriptions.channel, 'sms'), eq(home_subscriptions.phone, phone), eq(home_subscriptions.status, 'active')))
    .returning({ id: home_subscriptions.id });
  return rows.length;
}

/** Defers a pending update: neither sent nor queued again by the sweeper before `notBefore`. False when it is no longer pending. */
export async function deferHomeUpdate(db: Db, id: string, notBefore: Date, reason: string): Promise<boolean> {
  const rows = await db
    .update(home_updates)
    .set({ not_before: notBefore, last_error: reason })
    .where(and(eq(home_updates.id, id), eq(home_updates.status, 'pending')))
    .returning({ id: home_updates.id });
  return rows.length > 0;
}

export interface HomeUpdateText {
  to: string;
  body: string;
  provider: string;
}

/**
 * Hands a pending text update to the exactly-once SMS machinery, in one transaction: the update moves
 * `pending → sent` (with the valuation it shows; the subscription must still be active) and its one
 * sms_logs row (unique home_update_id) is inserted already claimed (`sending`). Only the caller that
 * gets the row calls the provider; a duplicated job finds the update no longer pending. From here a
 * worker that dies mid-send leaves the row to the reconciler (lookup, then send once; decision 0011).
 */
export async function handOverHomeUpdateText(
  db: Db,
  input: {
    updateId: string;
    now: Date;
    valued: { valuation: Valuation | null; estimate_value: number | null; estimate_low: number | null; estimate_high: number | null };
    text: HomeUpdateText;
  },
): Promise<ClaimedSms | null> {
  return db.transaction(async (tx) => {
    const [update] = await tx
      .update(home_updates)
      .set({ status: 'sent', sent_at: input.now, claimed_at: input.now, claim_id: randomUUID(), last_error: null, ...input.valued })
      .where(
        and(
          eq(home_updates.id, input.updateId),
          eq(home_updates.status, 'pending'),
          sql`exists (select 1 from ${home_subscriptions} where ${home_subscriptions.id} = ${home_updates.subscription_id} and ${home_subscriptions.status} = 'active')`,
        ),
      )
      .returning({ id: home_updates.id });
    if (!update) return null;
    const [row] = await tx
      .insert(sms_logs)
      .values({
        report_id: null,
        recipient_role: 'consumer',
        purpose: 'home_update',
        home_update_id: input.updateId,
        ...input.text,
        status: 'sending',
        claim_id: randomUUID(),
        claimed_at: input.now,
      })
      .onConflictDoNothing()
      .returning();
    return (row as ClaimedSms | undefined) ?? null;
  });
}

/** A text update not sent: opted out (the sms row records it `suppressed`) or refused for good. */
export async function failHomeUpdateText(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(home_updates)
    .set({ status: 'failed', last_error: reason })
    .where(and(eq(home_updates.id, id), sql`${home_updates.status} in ('pending', 'sent')`));
}

/** Records a text update suppressed because its number opted out (once per update). */
export async function recordSuppressedHomeUpdateText(db: Db, updateId: string, text: HomeUpdateText): Promise<void> {
  await db
    .insert(sms_logs)
    .values({
      report_id: null,
      recipient_role: 'consumer',
      purpose: 'home_update',
      home_update_id: updateId,
      ...text,
      status: 'suppressed',
      error_code: 'opted_out',
    })
    .onConflictDoNothing();
}

/** The text of an update (tests, operators). */
export async function homeUpdateTextOf(db: Db, updateId: string) {
  const [row] = await db.select().from(sms_logs).where(eq(sms_logs.home_update_id, updateId));
  return row ?? null;
}

/** The time zone of a value-update text's home (quiet hours for the reconciler); null when unknown. */
export async function homeUpdateTextTimeZone(db: Db, homeUpdateId: string): Promise<string | null> {
  const [row] = await db
    .select({ time_zone: home_subscriptions.time_zone })
    .from(home_updates)
    .innerJoin(home_subscriptions, eq(home_subscriptions.id, home_updates.subscription_id))
    .where(eq(home_updates.id, homeUpdateId));
  return row?.time_zone ?? null;
}
