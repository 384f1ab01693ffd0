import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAgent, users, type Database } from '@opencma/db';
import { AGENT_CACHE_TTL_MS, createAgentLookup } from '../src/agent-lookup';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';

describe(`agent lookup for submissions (${testDatabaseKind})`, () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
  });
  afterAll(async () => {
    await drop?.();
  });

  /** A lookup on a clock the test moves, counting the queries it makes. */
  function lookupWithClock(ttlMs = AGENT_CACHE_TTL_MS) {
    let now = 1_000_000;
    let queries = 0;
    const db = new Proxy(database.db, {
      get(target, prop, receiver) {
        if (prop === 'select') queries++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const lookup = createAgentLookup(db, { ttlMs, now: () => now });
    return { lookup, advance: (ms: number) => (now += ms), queries: () => queries };
  }

  it('finds an agent by code, case-insensitively, and serves repeats from memory', async () => {
    const agent = await createAgent(database.db, { name: 'Casey Cache', agent_code: 'casey1' });
    const { lookup, advance, queries } = lookupWithClock();
    expect(await lookup.find('casey1')).toEqual({ id: agent.id, agent_code: 'casey1', name: 'Casey Cache', brokerage: null });
    expect(await lookup.find('CASEY1')).toEqual({ id: agent.id, agent_code: 'casey1', name: 'Casey Cache', brokerage: null });
    advance(AGENT_CACHE_TTL_MS - 1);
    expect(await lookup.find('casey1')).toEqual({ id: agent.id, agent_code: 'casey1', name: 'Casey Cache', brokerage: null });
    expect(queries()).toBe(1);
    // concurrent requests after expiry share one query
    advance(2);
    const found = await Promise.all([lookup.find('casey1'), lookup.find('casey1'), lookup.find('Casey1')]);
    expect(found.every((a) => a?.id === agent.id)).toBe(true);
    expect(queries()).toBe(2);
  });

  it(`stops serving an agent removed from the database once ${AGENT_CACHE_TTL_MS} ms have passed`, async () => {
    const agent = await createAgent(database.db, { name: 'Rita Removed', agent_code: 'rita1' });
    const { lookup, advance } = lookupWithClock();
    expect((await lookup.find('rita1'))?.id).toBe(agent.id);
    await database.db.delete(users).where(eq(users.id, agent.id));
    advance(AGENT_CACHE_TTL_MS - 1);
    expect((await lookup.find('rita1'))?.id).toBe(agent.id);
    advance(1);
    expect(await lookup.find('rita1')).toBeNull();
  });

  it('never caches an unknown code: an agent created a moment later is found at once', async () => {
    const { lookup } = lookupWithClock();
    expect(await lookup.find('newbie1')).toBeNull();
    const agent = await createAgent(database.db, { name: 'Nina New', agent_code: 'newbie1' });
    expect((await lookup.find('newbie1'))?.id).toBe(agent.id);
  });

  it('keeps at most maxEntries agents, and with ttlMs 0 asks the database every time', async () => {
    const a = await createAgent(database.db, { name: 'A', agent_code: 'cap-a' });
    const b = await createAgent(database.db, { name: 'B', agent_code: 'cap-b' });
    let queries = 0;
    const counted = new Proxy(database.db, {
      get(target, prop, receiver) {
        if (prop === 'select') queries++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const small = createAgentLookup(counted, { maxEntries: 1 });
    await small.find('cap-a');
    await small.find('cap-b'); // evicts cap-a
    await small.find('cap-b');
    expect(queries).toBe(2);
    expect((await small.find('cap-a'))?.id).toBe(a.id);
    expect(queries).toBe(3);

    queries = 0;
    const uncached = createAgentLookup(counted, { ttlMs: 0 });
    expect((await uncached.find('cap-b'))?.id).toBe(b.id);
    expect((await uncached.find('cap-b'))?.id).toBe(b.id);
    expect(queries).toBe(2);
  });
});
