import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { accounts, agent_sessions, agent_sign_in_codes, sms_logs, users, type Account, type Agent, type AgentSession } from './schema';

/** The user a sign-in names by phone (E.164) or e-mail; the first created when several share it. */
export async function findUserForSignIn(db: Db, by: { phone: string } | { email: string }): Promise<Agent | null> {
  const where = 'phone' in by ? eq(users.phone, by.phone) : eq(sql`lower(${users.email})`, by.email.toLowerCase());
  const rows = await db.select().from(users).where(where).orderBy(asc(users.created_at)).limit(1);
  return rows[0] ?? null;
}

/** Stores a new code for the user; every earlier unused code of theirs stops working. */
export async function createSignInCode(
  db: Db,
  input: { user_id: string; code_hash: string; expires_at: Date; requested_ip: string | null },
): Promise<string> {
  return db.transaction(async (tx) => {
    await tx
      .update(agent_sign_in_codes)
      .set({ consumed_at: new Date() })
      .where(and(eq(agent_sign_in_codes.user_id, input.user_id), isNull(agent_sign_in_codes.consumed_at)));
    const [row] = await tx.insert(agent_sign_in_codes).values(input).returning({ id: agent_sign_in_codes.id });
    if (!row) throw new Error('sign-in code insert returned nothing');
    return row.id;
  });
}

export interface LiveSignInCode {
  id: string;
  code_hash: string;
  /** Tries used, this one included. */
  attempts: number;
}

/**
 * Counts one try against the user's current code and returns it, or null when there is none that is
 * unused, unexpired and under `maxAttempts` tries. The count is taken in one UPDATE, so parallel
 * guesses cannot exceed it.
 */
export async function takeSignInAttempt(db: Db, userId: string, now: Date, maxAttempts: number): Promise<LiveSignInCode | null> {
  const c = agent_sign_in_codes;
  const [row] = await db
    .update(c)
    .set({ attempts: sql`${c.attempts} + 1` })
    .where(and(eq(c.user_id, userId), isNull(c.consumed_at), gt(c.expires_at, now), lt(c.attempts, maxAttempts)))
    .returning({ id: c.id, code_hash: c.code_hash, attempts: c.attempts });
  return row ?? null;
}

/** Marks a code used; false when another request used it first. */
export async function consumeSignInCode(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(agent_sign_in_codes)
    .set({ consumed_at: new Date() })
    .where(and(eq(agent_sign_in_codes.id, id), isNull(agent_sign_in_codes.consumed_at)))
    .returning({ id: agent_sign_in_codes.id });
  return rows.length === 1;
}

/** A text to an agent that belongs to no report (a sign-in code, an invitation), recorded once sent. */
export interface AgentSmsRecord {
  to: string;
  body: string;
  provider: string;
  provider_message_id: string | null;
  status: string;
  error_code?: string | null;
  error_message?: string | null;
}

/** Records a text to an agent in sms_logs (the outbox in development); no report. */
export async function recordAgentSms(db: Db, purpose: 'sign_in' | 'invite', input: AgentSmsRecord): Promise<void> {
  await db.insert(sms_logs).values({
    report_id: null,
    recipient_role: 'agent',
    purpose,
    to: input.to,
    body: input.body,
    provider: input.provider,
    provider_message_id: input.provider_message_id,
    status: input.status as never,
    error_code: input.error_code ?? null,
    error_message: input.error_message ?? null,
    attempts: 1,
    sent_at: input.status === 'failed' ? null : new Date(),
  });
}

export async function createAgentSession(
  db: Db,
  input: { id: string; user_id: string; csrf_token: string; expires_at: Date; ip: string | null; user_agent: string | null },
): Promise<AgentSession> {
  const [row] = await db.insert(agent_sessions).values(input).returning();
  if (!row) throw new Error('session insert returned nothing');
  return row;
}

export interface SessionIdentity {
  session: AgentSession;
  user: Agent;
  account: Account | null;
}

/** The live session with this id (the token's hash) and its user; null when unknown, revoked or expired. */
export async function findLiveSession(db: Db, id: string, now: Date): Promise<SessionIdentity | null> {
  const rows = await db
    .select({ session: agent_sessions, user: users, account: accounts })
    .from(agent_sessions)
    .innerJoin(users, eq(agent_sessions.user_id, users.id))
    .leftJoin(accounts, eq(users.account_id, accounts.id))
    .where(and(eq(agent_sessions.id, id), isNull(agent_sessions.revoked_at), gt(agent_sessions.expires_at, now)))
    .limit(1);
  return rows[0] ?? null;
}

export async function extendAgentSession(db: Db, id: string, expiresAt: Date): Promise<void> {
  await db.update(agent_sessions).set({ expires_at: expiresAt }).where(eq(agent_sessions.id, id));
}

export async function revokeAgentSession(db: Db, id: string): Promise<void> {
  await db
    .update(agent_sessions)
    .set({ revoked_at: new Date() })
    .where(and(eq(agent_sessions.id, id), isNull(agent_sessions.revoked_at)));
}

/** Signs the user out everywhere; returns how many sessions ended. */
export async function revokeAllAgentSessions(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(agent_sessions)
    .set({ revoked_at: new Date() })
    .where(and(eq(agent_sessions.user_id, userId), isNull(agent_sessions.revoked_at)))
    .returning({ id: agent_sessions.id });
  return rows.length;
}

/** The agents of one account (its admin's view), oldest first. */
export async function listAccountAgents(db: Db, accountId: string): Promise<Agent[]> {
  return db.select().from(users).where(eq(users.account_id, accountId)).orderBy(asc(users.created_at));
}
