/**
 * Webhook endpoints, always read and changed through a scope: an agent reaches their own endpoints
 * and, when they administer a brokerage, the brokerage's; the operator (admin API, CLI) reaches all.
 * An endpoint outside the scope is treated exactly like one that does not exist.
 */
import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { webhook_endpoints, type WebhookEndpoint } from './schema';

export type WebhookScope =
  /** A signed-in agent: their endpoints, plus their account's when `adminOfAccountId` is set. */
  | { kind: 'agent'; agentId: string; adminOfAccountId: string | null }
  /** The operator. */
  | { kind: 'operator' };

export type WebhookOwner = { agentId: string } | { accountId: string };

const w = webhook_endpoints;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function inScope(scope: WebhookScope): SQL | undefined {
  if (scope.kind === 'operator') return undefined;
  const own = eq(w.agent_id, scope.agentId);
  return scope.adminOfAccountId ? or(own, eq(w.account_id, scope.adminOfAccountId)) : own;
}

/** May this scope register an endpoint for this owner? */
export function mayOwn(scope: WebhookScope, owner: WebhookOwner): boolean {
  if (scope.kind === 'operator') return true;
  return 'agentId' in owner ? owner.agentId === scope.agentId : owner.accountId === scope.adminOfAccountId;
}

export async function createWebhookEndpoint(
  db: Db,
  input: { owner: WebhookOwner; url: string; secret: string; eventTypes: string[]; description?: string | null },
): Promise<WebhookEndpoint> {
  const [row] = await db
    .insert(w)
    .values({
      agent_id: 'agentId' in input.owner ? input.owner.agentId : null,
      account_id: 'accountId' in input.owner ? input.owner.accountId : null,
      url: input.url,
      secret: input.secret,
      event_types: input.eventTypes,
      description: input.description ?? null,
    })
    .returning();
  if (!row) throw new Error('webhook endpoint insert returned nothing');
  return row;
}

export async function listWebhookEndpoints(
  db: Db,
  scope: WebhookScope,
  filter: { agentId?: string; accountId?: string } = {},
): Promise<WebhookEndpoint[]> {
  const where: (SQL | undefined)[] = [inScope(scope)];
  if (filter.agentId) where.push(eq(w.agent_id, filter.agentId));
  if (filter.accountId) where.push(eq(w.account_id, filter.accountId));
  return db
    .select()
    .from(w)
    .where(and(...where))
    .orderBy(asc(w.created_at), asc(w.id));
}

export async function findWebhookEndpoint(db: Db, scope: WebhookScope, id: string): Promise<WebhookEndpoint | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select()
    .from(w)
    .where(and(eq(w.id, id), inScope(scope)))
    .limit(1);
  return row ?? null;
}

export async function updateWebhookEndpoint(
  db: Db,
  scope: WebhookScope,
  id: string,
  patch: { enabled?: boolean; eventTypes?: string[]; url?: string; description?: string | null },
): Promise<WebhookEndpoint | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .update(w)
    .set({
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      ...(patch.eventTypes === undefined ? {} : { event_types: patch.eventTypes }),
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      updated_at: new Date(),
    })
    .where(and(eq(w.id, id), inScope(scope)))
    .returning();
  return row ?? null;
}

export async function deleteWebhookEndpoint(db: Db, scope: WebhookScope, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const rows = await db
    .delete(w)
    .where(and(eq(w.id, id), inScope(scope)))
    .returning({ id: w.id });
  return rows.length === 1;
}

/** How many endpoints this owner has (registration caps it). */
export async function countWebhookEndpoints(db: Db, owner: WebhookOwner): Promise<number> {
  const rows = await db
    .select({ id: w.id })
    .from(w)
    .where('agentId' in owner ? eq(w.agent_id, owner.agentId) : eq(w.account_id, owner.accountId));
  return rows.length;
}

/** The endpoints a lead of this agent goes to: the agent's own and their account's (enabled or not; the channel filters). */
export async function webhookEndpointsForAgent(db: Db, agentId: string, accountId: string | null): Promise<WebhookEndpoint[]> {
  const own = and(eq(w.agent_id, agentId), isNull(w.account_id));
  return db
    .select()
    .from(w)
    .where(accountId ? or(own, eq(w.account_id, accountId)) : own)
    .orderBy(asc(w.created_at), asc(w.id));
}

/** The secrets of the endpoints registered at exactly this URL (the local receiver verifies with them). */
export async function webhookSecretsForUrl(db: Db, url: string): Promise<string[]> {
  const rows = await db.select({ secret: w.secret }).from(w).where(eq(w.url, url));
  return rows.map((r) => r.secret);
}
