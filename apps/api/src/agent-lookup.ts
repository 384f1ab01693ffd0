import { brokerageOf, findAgentByCode, type Db } from '@opencma/db';

/** What a submission needs to know about the agent it is for. */
export interface AgentRef {
  id: string;
  agent_code: string;
  /** Who the consent disclosure names: the agent and their brokerage (account), if any. */
  name: string;
  brokerage: string | null;
}

export interface AgentLookup {
  /** The agent with this code (case-insensitive), or null when there is none. */
  find(agentCode: string): Promise<AgentRef | null>;
}

export interface AgentLookupOptions {
  /** How long a found agent is served from memory. Unknown codes are never cached. Default AGENT_CACHE_TTL_MS. */
  ttlMs?: number;
  /** At most this many agents are kept (the oldest entry goes first). Default 1000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Every submission names its agent by code; under load that was one query per request for a row
 * that practically never changes (agent codes are fixed once created). A found agent is kept for
 * this long, so an agent removed from the database may still receive submissions for up to 5 s;
 * a code that does not exist is looked up every time (a new agent works at once).
 */
export const AGENT_CACHE_TTL_MS = 5000;

/** agent_code → agent, from the database, remembered briefly (see AGENT_CACHE_TTL_MS). */
export function createAgentLookup(db: Db, opts: AgentLookupOptions = {}): AgentLookup {
  const ttlMs = opts.ttlMs ?? AGENT_CACHE_TTL_MS;
  const maxEntries = opts.maxEntries ?? 1000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { agent: AgentRef; expiresAt: number }>();
  // Concurrent requests for the same code share one query.
  const inFlight = new Map<string, Promise<AgentRef | null>>();

  const load = async (code: string): Promise<AgentRef | null> => {
    const owner = await findAgentByCode(db, code);
    if (!owner) return null;
    const agent = { id: owner.agent.id, agent_code: owner.agent.agent_code, name: owner.agent.name, brokerage: brokerageOf(owner) };
    if (ttlMs > 0) {
      cache.delete(code);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(code, { agent, expiresAt: now() + ttlMs });
    }
    return agent;
  };

  return {
    find(agentCode) {
      const code = agentCode.toLowerCase();
      const hit = cache.get(code);
      if (hit) {
        if (hit.expiresAt > now()) return Promise.resolve(hit.agent);
        cache.delete(code);
      }
      let pending = inFlight.get(code);
      if (!pending) {
        pending = load(code).finally(() => inFlight.delete(code));
        inFlight.set(code, pending);
      }
      return pending;
    },
  };
}
