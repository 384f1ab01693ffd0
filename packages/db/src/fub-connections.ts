import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { fub_connections } from './schema';

/** Whose Follow Up Boss key: an agent's own, or an account's (applies to its agents without one). */
export type FubKeyOwner = { agentId: string } | { accountId: string };

/** What may be shown of a connection: never the key, only its last 4 characters. */
export interface FubConnectionSummary {
  id: string;
  api_key_last4: string;
  updated_at: Date;
}

const summaryColumns = { id: fub_connections.id, api_key_last4: fub_connections.api_key_last4, updated_at: fub_connections.updated_at };

const ownerWhere = (owner: FubKeyOwner) =>
  'agentId' in owner ? eq(fub_connections.agent_id, owner.agentId) : eq(fub_connections.account_id, owner.accountId);

/** Sets (or replaces) the owner's key; the connection keeps its id, so planned deliveries use the new key. */
export async function setFubApiKey(db: Db, owner: FubKeyOwner, apiKey: string): Promise<FubConnectionSummary> {
  const values = {
    agent_id: 'agentId' in owner ? owner.agentId : null,
    account_id: 'accountId' in owner ? owner.accountId : null,
    api_key: apiKey,
    api_key_last4: apiKey.slice(-4),
  };
  const target = 'agentId' in owner ? fub_connections.agent_id : fub_connections.account_id;
  const [row] = await db
    .insert(fub_connections)
    .values(values)
    .onConflictDoUpdate({
      target,
      targetWhere: isNotNull(target),
      set: { api_key: apiKey, api_key_last4: values.api_key_last4, updated_at: sql`now()` },
    })
    .returning(summaryColumns);
  return row!;
}

/** Removes the owner's key; true when there was one. */
export async function removeFubApiKey(db: Db, owner: FubKeyOwner): Promise<boolean> {
  const rows = await db.delete(fub_connections).where(ownerWhere(owner)).returning({ id: fub_connections.id });
  return rows.length > 0;
}

export async function findFubConnection(db: Db, owner: FubKeyOwner): Promise<FubConnectionSummary | null> {
  const [row] = await db.select(summaryColumns).from(fub_connections).where(ownerWhere(owner)).limit(1);
  return row ?? null;
}

/** An agent's Follow Up Boss settings: their own key, their account's, and which one their leads use. */
export interface FubSettings {
  own: FubConnectionSummary | null;
  account: FubConnectionSummary | null;
  applies: 'own' | 'account' | null;
}

export async function fubSettingsForAgent(db: Db, agentId: string, accountId: string | null): Promise<FubSettings> {
  const own = await findFubConnection(db, { agentId });
  const account = accountId ? await findFubConnection(db, { accountId }) : null;
  return { own, account, applies: own ? 'own' : account ? 'account' : null };
}

/** The connection an agent's leads go to: their own, else their account's; null when neither has a key. */
export async function fubConnectionForAgent(db: Db, agentId: string, accountId: string | null): Promise<{ id: string } | null> {
  const settings = await fubSettingsForAgent(db, agentId, accountId);
  const applied = settings.own ?? settings.account;
  return applied ? { id: applied.id } : null;
}

/** The key of a connection, for the Follow Up Boss client only; null when the connection is gone. */
export async function readFubApiKey(db: Db, connectionId: string): Promise<string | null> {
  const [row] = await db.select({ api_key: fub_connections.api_key }).from(fub_connections).where(eq(fub_connections.id, connectionId)).limit(1);
  return row?.api_key ?? null;
}
