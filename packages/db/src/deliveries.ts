import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { LeadScope } from './agent-leads';
import type { Db } from './client';
import { deliveries, lead_events, users, type Delivery, type DeliveryChannelColumn, type DeliveryStatus } from './schema';

/**
 * Deliveries of lead events (decision 0019): one row per (event, channel, destination), claimed
 * before anything is sent, so a retried or duplicated job never sends twice.
 */

/** Creates the event's rows for one channel (existing ones are kept) and returns the ids still to send. */
export async function createDeliveries(db: Db, eventId: string, channel: DeliveryChannelColumn, destinations: string[]): Promise<string[]> {
  if (destinations.length) {
    await db
      .insert(deliveries)
      .values([...new Set(destinations)].map((destination) => ({ event_id: eventId, channel, destination })))
      .onConflictDoNothing({ target: [deliveries.event_id, deliveries.channel, deliveries.destination] });
  }
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.event_id, eventId), eq(deliveries.channel, channel), inArray(deliveries.status, ['pending', 'retrying'])));
  return rows.map((r) => r.id);
}

export async function getDelivery(db: Db, id: string): Promise<Delivery | null> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id)).limit(1);
  return row ?? null;
}

/**
 * Claims a delivery that is pending, or retrying and due: only the claimer sends. Returns the claimed
 * row (attempts already counted), or null when someone else has it or it is finished or not yet due.
 */
export async function claimDelivery(db: Db, id: string, now: Date): Promise<Delivery | null> {
  const [row] = await db
    .update(deliveries)
    .set({
      status: 'sending',
      claim_id: randomUUID(),
      claimed_at: now,
      attempts: sql`${deliveries.attempts} + 1`,
      first_attempt_at: sql`coalesce(${deliveries.first_attempt_at}, ${now.toISOString()}::timestamptz)`,
      updated_at: now,
    })
    .where(
      and(
        eq(deliveries.id, id),
        inArray(deliveries.status, ['pending', 'retrying']),
        or(isNull(deliveries.next_attempt_at), lte(deliveries.next_attempt_at, now)),
      ),
    )
    .returning();
  return row ?? null;
}

export interface DeliveryResult {
  status: Extract<DeliveryStatus, 'sent' | 'retrying' | 'failed' | 'unknown'>;
  next_attempt_at?: Date | null;
  sent_at?: Date | null;
  provider_id?: string | null;
  response_status?: number | null;
  last_error?: string | null;
}

/** Records the outcome of a send by the claim's holder; false when the claim was taken over meanwhile. */
export async function recordDeliveryResult(db: Db, id: string, claimId: string, result: DeliveryResult, now: Date): Promise<boolean> {
  const rows = await db
    .update(deliveries)
    .set({
      status: result.status,
      next_attempt_at: result.next_attempt_at ?? null,
      ...(result.sent_at !== undefined ? { sent_at: result.sent_at } : {}),
      ...(result.provider_id !== undefined ? { provider_id: result.provider_id } : {}),
      ...(result.response_status !== undefined ? { response_status: result.response_status } : {}),
      last_error: result.last_error == null ? null : result.last_error.slice(0, 1000),
      claim_id: null,
      updated_at: now,
    })
    .where(and(eq(deliveries.id, id), eq(deliveries.claim_id, claimId), eq(deliveries.status, 'sending')))
    .returning({ id: deliveries.id });
  return rows.length === 1;
}

/** Deliveries waiting to be sent whose job may be lost: pending since before `pendingBefore`, or retrying and due. */
export async function findDueDeliveryIds(db: Db, opts: { now: Date; pendingBefore: Date; limit?: number }): Promise<string[]> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      or(
        and(eq(deliveries.status, 'pending'), lt(deliveries.created_at, opts.pendingBefore)),
        and(eq(deliveries.status, 'retrying'), lte(deliveries.next_attempt_at, opts.now)),
      ),
    )
    .limit(opts.limit ?? 500);
  return rows.map((r) => r.id);
}

/** Deliveries left `sending` since before `claimedBefore`: their sender died mid-send. */
export async function findStaleDeliveryClaims(db: Db, claimedBefore: Date, limit = 500): Promise<Pick<Delivery, 'id' | 'channel' | 'claim_id'>[]> {
  return db
    .select({ id: deliveries.id, channel: deliveries.channel, claim_id: deliveries.claim_id })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'sending'), lt(deliveries.claimed_at, claimedBefore)))
    .limit(limit);
}

/**
 * Resolves a stale claim as the channel says: `resend` makes it due again (the same delivery id goes
 * out, so the receiver can deduplicate), `unknown` records that it may or may not have been sent.
 * False when the claim changed meanwhile.
 */
export async function resolveStaleDeliveryClaim(db: Db, id: string, claimId: string, how: 'resend' | 'unknown', now: Date): Promise<boolean> {
  const rows = await db
    .update(deliveries)
    .set(
      how === 'resend'
        ? {
            status: 'retrying',
            next_attempt_at: now,
            claim_id: null,
            last_error: 'sender stopped mid-send; sent again with the same id',
            updated_at: now,
          }
        : { status: 'unknown', claim_id: null, last_error: 'sender stopped mid-send; not sent again (it may have arrived)', updated_at: now },
    )
    .where(and(eq(deliveries.id, id), eq(deliveries.claim_id, claimId), eq(deliveries.status, 'sending')))
    .returning({ id: deliveries.id });
  return rows.length === 1;
}

/** A delivery as the delivery log shows it. */
export interface DeliveryLogEntry {
  id: string;
  report_id: string;
  event_type: string;
  channel: DeliveryChannelColumn;
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Events of leads inside the scope (the same rule as the leads: an agent's own, an account admin's account's). */
function eventInScope(db: Db, scope: LeadScope): SQL {
  if (scope.kind === 'agent') return eq(lead_events.agent_id, scope.userId);
  return inArray(lead_events.agent_id, db.select({ id: users.id }).from(users).where(eq(users.account_id, scope.accountId)));
}

const LOG_COLUMNS = {
  id: deliveries.id,
  report_id: lead_events.report_id,
  event_type: lead_events.type,
  channel: deliveries.channel,
  destination: deliveries.destination,
  status: deliveries.status,
  attempts: deliveries.attempts,
  response_status: deliveries.response_status,
  last_error: deliveries.last_error,
  next_attempt_at: deliveries.next_attempt_at,
  sent_at: deliveries.sent_at,
  created_at: deliveries.created_at,
  updated_at: deliveries.updated_at,
};

type LogRow = Omit<DeliveryLogEntry, 'next_attempt_at' | 'sent_at' | 'created_at' | 'updated_at'> & {
  next_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function toLogEntry(r: LogRow): DeliveryLogEntry {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    ...r,
    next_attempt_at: iso(r.next_attempt_at),
    sent_at: iso(r.sent_at),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** Every delivery of one lead (all channels), oldest first; [] when the lead is outside the scope. */
export async function listDeliveriesForReport(db: Db, scope: LeadScope, reportId: string): Promise<DeliveryLogEntry[]> {
  const rows = await db
    .select(LOG_COLUMNS)
    .from(deliveries)
    .innerJoin(lead_events, eq(lead_events.id, deliveries.event_id))
    .where(and(eq(lead_events.report_id, reportId), eventInScope(db, scope)))
    .orderBy(deliveries.created_at, deliveries.id)
    .limit(500);
  return rows.map(toLogEntry);
}

/** The scope's newest deliveries, optionally of one channel (and one destination, e.g. a webhook endpoint id). */
export async function listDeliveries(
  db: Db,
  scope: LeadScope,
  opts: { channel?: DeliveryChannelColumn; destination?: string; limit: number },
): Promise<DeliveryLogEntry[]> {
  const where: SQL[] = [eventInScope(db, scope)];
  if (opts.channel) where.push(eq(deliveries.channel, opts.channel));
  if (opts.destination) where.push(eq(deliveries.destination, opts.destination));
  const rows = await db
    .select(LOG_COLUMNS)
    .from(deliveries)
    .innerJoin(lead_events, eq(lead_events.id, deliveries.event_id))
    .where(and(...where))
    .orderBy(desc(deliveries.created_at))
    .limit(Math.min(500, Math.max(1, opts.limit)));
  return rows.map(toLogEntry);
}
