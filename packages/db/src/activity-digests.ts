import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './lead-events';
import { accounts, activity_digests, consumer_reports, report_views, users, type ActivityDigestStatus } from './schema';

/**
 * The daily activity digest (decision 0030): who the agent is, what happened to their leads on one UTC
 * day, and the claim row that makes the e-mail go out once per (agent, day).
 */

/** Agents who turned the digest on and have an address to send it to (one job each). */
export async function listActivityDigestAgentIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.activity_digest_enabled, true), isNotNull(users.email), sql`trim(${users.email}) <> ''`));
  return rows.map((r) => r.id);
}

export interface ActivityDigestAgent {
  id: string;
  name: string;
  email: string | null;
  digestEnabled: boolean;
  /** The account's colour when its branding is on. */
  brandColor: string | null;
  brokerage: string | null;
}

export async function readActivityDigestAgent(db: Db, agentId: string): Promise<ActivityDigestAgent | null> {
  const [row] = await db
    .select({ agent: users, account: accounts })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.account_id))
    .where(eq(users.id, agentId))
    .limit(1);
  if (!row) return null;
  const { agent, account } = row;
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email?.trim() ? agent.email.trim().toLowerCase() : null,
    digestEnabled: agent.activity_digest_enabled,
    brandColor: account?.branding_enabled ? (account.primary_color ?? null) : null,
    brokerage: agent.brokerage_name ?? account?.name ?? null,
  };
}

/** One lead in a digest section (the same shape as @opencma/delivery's DigestLead). */
interface DigestLead {
  reportId: string;
  propertyAddress: string;
  phone: string;
  /** How many times on the day (views: sessions; downloads and requests: events); 1 for new leads. */
  count: number;
}

interface DayActivity {
  newLeads: DigestLead[];
  /** Leads from before the day whose homeowner opened their report again on the day. */
  cameBack: DigestLead[];
  pdfDownloads: DigestLead[];
  exactPriceRequests: DigestLead[];
}

export const isEmptyActivity = (a: DayActivity) => a.newLeads.length + a.cameBack.length + a.pdfDownloads.length + a.exactPriceRequests.length === 0;

interface LeadCountRow {
  report_id: string;
  property_address: string;
  consumer_phone: string;
  n: number | string;
}

const toLeads = (result: unknown): DigestLead[] =>
  rowsOf<LeadCountRow>(result).map((r) => ({
    reportId: r.report_id,
    propertyAddress: r.property_address,
    phone: r.consumer_phone,
    count: Number(r.n),
  }));

/**
 * One agent's lead activity in [from, to): only reports whose `agent_id` is this agent (filtered in SQL),
 * so another agent's leads never appear. Each section is ordered by address.
 */
export async function readAgentDayActivity(db: Db, agentId: string, from: Date, to: Date): Promise<DayActivity> {
  const r = consumer_reports;
  const v = report_views;
  const events = (type: string, sessions: boolean, onlyOlderLeads: boolean) =>
    db.execute(sql`
      select ${r.id} as report_id, ${r.property_address} as property_address, ${r.consumer_phone} as consumer_phone,
        ${sessions ? sql`count(distinct ${v.session_id})` : sql`count(*)`} as n
      from ${v} join ${r} on ${r.id} = ${v.report_id}
      where ${r.agent_id} = ${agentId} and ${v.event_type} = ${type}
        and ${v.viewed_at} >= ${from.toISOString()} and ${v.viewed_at} < ${to.toISOString()}
        ${onlyOlderLeads ? sql`and ${r.created_at} < ${from.toISOString()}` : sql``}
      group by ${r.id}, ${r.property_address}, ${r.consumer_phone}
      order by ${r.property_address}, ${r.id}`);
  const [newLeads, cameBack, pdfDownloads, exactPriceRequests] = await Promise.all([
    db.execute(sql`
      select ${r.id} as report_id, ${r.property_address} as property_address, ${r.consumer_phone} as consumer_phone, 1 as n
      from ${r}
      where ${r.agent_id} = ${agentId} and ${r.created_at} >= ${from.toISOString()} and ${r.created_at} < ${to.toISOString()}
      order by ${r.property_address}, ${r.id}`),
    events('view', true, true),
    events('pdf_download', false, false),
    events('cma.requested', false, false),
  ]);
  return {
    newLeads: toLeads(newLeads),
    cameBack: toLeads(cameBack),
    pdfDownloads: toLeads(pdfDownloads),
    exactPriceRequests: toLeads(exactPriceRequests),
  };
}

/** A claimed digest: only its holder sends it and records the outcome. */
export interface ActivityDigestClaim {
  id: string;
  claimId: string;
  attempts: number;
}

/**
 * Claims the digest of (agent, day) before it is sent: inserts its row `sending`, or takes back one left
 * `retrying` by an earlier attempt. null: it exists and is being sent, was sent, or failed — send nothing.
 * Two claimers at once: the second waits on the unique index, then finds the row `sending`.
 */
export async function claimActivityDigest(db: Db, agentId: string, day: string): Promise<ActivityDigestClaim | null> {
  const claimId = randomUUID();
  const t = activity_digests;
  const [row] = await db
    .insert(t)
    .values({ agent_id: agentId, day, status: 'sending', claim_id: claimId, attempts: 1 })
    .onConflictDoUpdate({
      target: [t.agent_id, t.day],
      set: { status: 'sending', claim_id: claimId, attempts: sql`${t.attempts} + 1`, updated_at: sql`now()` },
      setWhere: sql`${t.status} = 'retrying'`,
    })
    .returning({ id: t.id, claimId: t.claim_id, attempts: t.attempts });
  return row && row.claimId === claimId ? { id: row.id, claimId, attempts: row.attempts } : null;
}

/** Records the outcome of a claimed digest (only the holder of the claim can). */
export async function recordActivityDigest(
  db: Db,
  claim: ActivityDigestClaim,
  outcome: { status: Exclude<ActivityDigestStatus, 'sending'>; responseStatus?: number | null; error?: string | null; at: Date },
): Promise<void> {
  const t = activity_digests;
  await db
    .update(t)
    .set({
      status: outcome.status,
      response_status: outcome.responseStatus ?? null,
      last_error: outcome.error ?? null,
      sent_at: outcome.status === 'sent' ? outcome.at : null,
      updated_at: outcome.at,
    })
    .where(and(eq(t.id, claim.id), eq(t.claim_id, claim.claimId)));
}
