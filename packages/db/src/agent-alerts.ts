import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { consumer_reports, sms_logs } from './schema';
import type { ClaimedSms } from './sms-logs';

/**
 * Agent lead alerts past AGENT_ALERTS_PER_HOUR go out as one digest per agent and clock hour (decision 0024).
 * A lead's alert row carries the agent and the window it counts in; a digest is an sms_logs row with purpose
 * `lead_digest`, unique per (agent, window).
 */

/** The status of this report's agent text, or null when there is none yet (a retried job decides nothing again). */
export async function agentLeadSmsStatus(db: Db, reportId: string): Promise<string | null> {
  const [row] = await db
    .select({ status: sms_logs.status })
    .from(sms_logs)
    .where(and(eq(sms_logs.report_id, reportId), eq(sms_logs.recipient_role, 'agent')))
    .limit(1);
  return row?.status ?? null;
}

/** Lead alerts of this agent's window that were texted one by one (any status but in a digest), other than this report's. */
export async function countAgentAlerts(db: Db, agentId: string, window: Date, exceptReportId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sms_logs)
    .where(
      and(
        eq(sms_logs.agent_id, agentId),
        eq(sms_logs.alert_window, window),
        eq(sms_logs.purpose, 'report'),
        notInArray(sms_logs.status, ['in_digest', 'digested']),
        ne(sms_logs.report_id, exceptReportId),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Records a lead alert as waiting for its window's digest (once per report); false when the row already existed. */
export async function recordLeadInDigest(
  db: Db,
  input: { report_id: string; to: string; body: string; provider: string; agent_id: string; alert_window: Date },
): Promise<boolean> {
  const rows = await db
    .insert(sms_logs)
    .values({ ...input, recipient_role: 'agent', purpose: 'report', status: 'in_digest' })
    .onConflictDoNothing()
    .returning({ id: sms_logs.id });
  return rows.length > 0;
}

/** (agent, window) pairs with leads waiting for a digest whose window started before `before` (i.e. has closed). */
export async function findDueDigestWindows(db: Db, before: Date, limit = 50): Promise<Array<{ agent_id: string; alert_window: Date }>> {
  const rows = await db
    .selectDistinct({ agent_id: sms_logs.agent_id, alert_window: sms_logs.alert_window })
    .from(sms_logs)
    .where(and(eq(sms_logs.status, 'in_digest'), lt(sms_logs.alert_window, before)))
    .orderBy(asc(sms_logs.alert_window))
    .limit(limit);
  return rows.filter((r): r is { agent_id: string; alert_window: Date } => Boolean(r.agent_id && r.alert_window));
}

export type DigestClaim =
  /** This caller built the digest and holds it (`sending`): it alone sends it. */
  | { kind: 'claimed'; row: ClaimedSms; leads: number }
  /** The window's digest was built before; leads recorded after it were moved to `nextWindow`'s digest. */
  | { kind: 'moved'; leads: number }
  | { kind: 'empty' };

/**
 * Builds and claims the one digest of (agent, window), in one transaction: the digest row is inserted
 * already `sending` with a claim id (the partial unique index makes a second builder wait, then find it),
 * every lead of the window still `in_digest` becomes `digested`, and the body lists their addresses. A
 * worker dying after the commit leaves a `sending` row for the stale-row reconciler (decision 0011), like
 * any text. Leads that arrive for a window whose digest exists are moved to the next window.
 */
export async function claimLeadDigest(
  db: Db,
  input: {
    agent_id: string;
    alert_window: Date;
    nextWindow: Date;
    provider: string;
    now: Date;
    compose: (addresses: string[]) => string;
  },
): Promise<DigestClaim> {
  const { agent_id, alert_window } = input;
  const waiting = and(eq(sms_logs.agent_id, agent_id), eq(sms_logs.alert_window, alert_window), eq(sms_logs.status, 'in_digest'));
  return db.transaction(async (tx) => {
    const [digest] = await tx
      .insert(sms_logs)
      .values({
        recipient_role: 'agent',
        purpose: 'lead_digest',
        agent_id,
        alert_window,
        to: '',
        body: '',
        provider: input.provider,
        status: 'sending',
        claim_id: randomUUID(),
        claimed_at: input.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!digest) {
      const moved = await tx
        .update(sms_logs)
        .set({ alert_window: input.nextWindow, updated_at: input.now })
        .where(waiting)
        .returning({ id: sms_logs.id });
      return { kind: 'moved', leads: moved.length } as const;
    }
    const leads = await tx
      .update(sms_logs)
      .set({ status: 'digested', updated_at: input.now })
      .where(waiting)
      .returning({ report_id: sms_logs.report_id, to: sms_logs.to });
    const reportIds = leads.map((l) => l.report_id).filter((id): id is string => Boolean(id));
    if (!reportIds.length) {
      await tx.delete(sms_logs).where(eq(sms_logs.id, digest.id));
      return { kind: 'empty' } as const;
    }
    const addresses = await tx
      .select({ address: consumer_reports.property_address })
      .from(consumer_reports)
      .where(inArray(consumer_reports.id, reportIds))
      .orderBy(asc(consumer_reports.created_at));
    const to = leads[leads.length - 1]!.to;
    const body = input.compose(addresses.map((a) => a.address));
    const [row] = await tx.update(sms_logs).set({ to, body }).where(eq(sms_logs.id, digest.id)).returning();
    return { kind: 'claimed', row: row as ClaimedSms, leads: reportIds.length } as const;
  });
}

/** The digest that covers a lead's alert (same agent and window), or null while it is not built yet. */
export async function findLeadDigest(db: Db, agentId: string, window: Date): Promise<{ status: string; sent_at: Date | null } | null> {
  const [row] = await db
    .select({ status: sms_logs.status, sent_at: sms_logs.sent_at })
    .from(sms_logs)
    .where(and(eq(sms_logs.purpose, 'lead_digest'), eq(sms_logs.agent_id, agentId), eq(sms_logs.alert_window, window)))
    .limit(1);
  return row ?? null;
}
