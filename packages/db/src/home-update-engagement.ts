import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { markIfLikelyToSell } from './likely-to-sell';
import { consumer_reports, home_subscriptions, home_updates, type HomeUpdateStatus } from './schema';

/**
 * Opens and clicks of homeowners' value updates (issue #19, decision 0036). The sender stores a random
 * token and the update's own links with its claim; the open pixel and the click-through links carry the
 * token. A person's first open and first click are kept with counts; machine opens and clicks (mail
 * privacy proxies, link scanners — the caller decides) are only counted.
 */

/** Stores an update's tracking token and links, while its sender still holds the claim; false otherwise. */
export async function setHomeUpdateTracking(db: Db, id: string, claimId: string, token: string, links: string[]): Promise<boolean> {
  const rows = await db
    .update(home_updates)
    .set({ tracking_token: token, tracked_links: links })
    .where(and(eq(home_updates.id, id), eq(home_updates.claim_id, claimId), eq(home_updates.status, 'sending')))
    .returning({ id: home_updates.id });
  return rows.length > 0;
}

export interface TrackedHomeUpdate {
  id: string;
  report_id: string;
  sent_at: Date | null;
  claimed_at: Date | null;
  tracked_links: string[];
  /** Whether a person had opened / clicked it when it was looked up (only ever turns true). */
  opened: boolean;
  clicked: boolean;
}

/** The update a tracking token belongs to (with its lead), or null for a token nobody was given. */
export async function findTrackedHomeUpdate(db: Db, token: string): Promise<TrackedHomeUpdate | null> {
  const [row] = await db
    .select({
      id: home_updates.id,
      report_id: home_subscriptions.report_id,
      sent_at: home_updates.sent_at,
      claimed_at: home_updates.claimed_at,
      tracked_links: home_updates.tracked_links,
      opened_at: home_updates.opened_at,
      clicked_at: home_updates.clicked_at,
    })
    .from(home_updates)
    .innerJoin(home_subscriptions, eq(home_subscriptions.id, home_updates.subscription_id))
    .where(eq(home_updates.tracking_token, token))
    .limit(1);
  if (!row) return null;
  const { opened_at, clicked_at, ...rest } = row;
  return { ...rest, tracked_links: row.tracked_links ?? [], opened: opened_at !== null, clicked: clicked_at !== null };
}

export interface HomeUpdateEngagement {
  updateId: string;
  reportId: string;
  kind: 'open' | 'click';
  /** A mail privacy proxy or link scanner, not the homeowner: counted, never scored. */
  machine: boolean;
  at: Date;
  /** What the lookup saw (TrackedHomeUpdate): an update a person already opened (and clicked) is only counted. */
  seen: { opened: boolean; clicked: boolean };
}

/**
 * Records one open or click. Idempotent in what it decides: the first time stays the first (coalesce),
 * counts add up. A person's click also counts as an open (images are often blocked). A person's first
 * open or click re-scores the lead in the same transaction, which may mark it "likely to sell" and write
 * `lead.likely_to_sell` once (decision 0029). The lead's row is locked first, so concurrent opens of the
 * lead's updates are scored one after the other, each seeing the ones before. Returns the lead event's
 * id when one was written.
 */
export async function recordHomeUpdateEngagement(db: Db, e: HomeUpdateEngagement): Promise<string | null> {
  const u = home_updates;
  const at = e.at.toISOString();
  const set =
    e.kind === 'open'
      ? e.machine
        ? { machine_open_count: sql`${u.machine_open_count} + 1`, machine_opened_at: sql`coalesce(${u.machine_opened_at}, ${at}::timestamptz)` }
        : { open_count: sql`${u.open_count} + 1`, opened_at: sql`coalesce(${u.opened_at}, ${at}::timestamptz)` }
      : e.machine
        ? { machine_click_count: sql`${u.machine_click_count} + 1` }
        : {
            click_count: sql`${u.click_count} + 1`,
            clicked_at: sql`coalesce(${u.clicked_at}, ${at}::timestamptz)`,
            opened_at: sql`coalesce(${u.opened_at}, ${at}::timestamptz)`,
          };
  const firstOf = (opened: boolean, clicked: boolean) => !e.machine && (e.kind === 'open' ? !opened : !clicked || !opened);
  // machines, and repeats of what a person already did, change no score: one counting statement (the
  // firsts only ever go from null to a time, so a stale "seen" can send a repeat the long way, never the reverse)
  if (!firstOf(e.seen.opened, e.seen.clicked)) {
    await db.update(u).set(set).where(eq(u.id, e.updateId));
    return null;
  }
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await tx.select({ id: consumer_reports.id }).from(consumer_reports).where(eq(consumer_reports.id, e.reportId)).for('update');
    const [before] = await tx.select({ opened_at: u.opened_at, clicked_at: u.clicked_at }).from(u).where(eq(u.id, e.updateId)).for('update');
    if (!before) return null;
    await tx.update(u).set(set).where(eq(u.id, e.updateId));
    return firstOf(before.opened_at !== null, before.clicked_at !== null) ? markIfLikelyToSell(tx, e.reportId, e.at) : null;
  });
}

/** One value update as the lead's timeline shows it. */
export interface LeadHomeUpdate {
  id: string;
  period: string;
  /** How it went: by e-mail, or by text to the report's own number (decision 0034). */
  channel: 'email' | 'sms';
  /** The address it went to: the agent owns the lead, and the homeowner gave it to them (decision 0036); null for a text update. */
  email: string | null;
  status: HomeUpdateStatus;
  created_at: string;
  sent_at: string | null;
  opened_at: string | null;
  open_count: number;
  machine_opened_at: string | null;
  machine_open_count: number;
  clicked_at: string | null;
  click_count: number;
  machine_click_count: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A lead's value updates, oldest first. Unscoped: call it only for a lead the caller has already found
 * in the signed-in scope (findScopedLead does).
 */
export async function listLeadHomeUpdates(db: Db, reportId: string): Promise<LeadHomeUpdate[]> {
  const u = home_updates;
  const rows = await db
    .select({
      id: u.id,
      period: u.period,
      channel: home_subscriptions.channel,
      email: home_subscriptions.email,
      status: u.status,
      created_at: u.created_at,
      sent_at: u.sent_at,
      opened_at: u.opened_at,
      open_count: u.open_count,
      machine_opened_at: u.machine_opened_at,
      machine_open_count: u.machine_open_count,
      clicked_at: u.clicked_at,
      click_count: u.click_count,
      machine_click_count: u.machine_click_count,
    })
    .from(u)
    .innerJoin(home_subscriptions, eq(home_subscriptions.id, u.subscription_id))
    .where(eq(home_subscriptions.report_id, reportId))
    .orderBy(asc(u.period), asc(home_subscriptions.email))
    .limit(500);
  return rows.map((r) => ({
    ...r,
    created_at: r.created_at.toISOString(),
    sent_at: iso(r.sent_at),
    opened_at: iso(r.opened_at),
    machine_opened_at: iso(r.machine_opened_at),
    clicked_at: iso(r.clicked_at),
  }));
}
