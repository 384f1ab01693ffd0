import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { accounts, users, type Account, type Agent, type UserRole } from './schema';
import { generateAgentCode } from './agent-code';

export interface AgentWithAccount {
  agent: Agent;
  account: Account | null;
}

export async function findAgentByCode(db: Db, agentCode: string): Promise<AgentWithAccount | null> {
  const rows = await db
    .select({ agent: users, account: accounts })
    .from(users)
    .leftJoin(accounts, eq(users.account_id, accounts.id))
    .where(eq(users.agent_code, agentCode.toLowerCase()))
    .limit(1);
  return rows[0] ?? null;
}

export async function findAgentById(db: Db, id: string): Promise<AgentWithAccount | null> {
  const rows = await db
    .select({ agent: users, account: accounts })
    .from(users)
    .leftJoin(accounts, eq(users.account_id, accounts.id))
    .where(eq(users.id, id))
    .limit(1);
  return rows[0] ?? null;
}

export interface NewAgent {
  name: string;
  email?: string | null;
  phone?: string | null;
  photo_url?: string | null;
  account_id?: string | null;
  agent_code?: string;
  landing_page_headline?: string | null;
  landing_page_subheadline?: string | null;
  landing_page_cta_text?: string | null;
  role?: UserRole;
  lead_email_enabled?: boolean;
  activity_digest_enabled?: boolean;
}

/** Creates an agent with a unique generated agent_code (retries on the rare collision). */
export async function createAgent(db: Db, input: NewAgent): Promise<Agent> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const agent_code = (input.agent_code ?? generateAgentCode()).toLowerCase();
    const inserted = await db
      .insert(users)
      .values({ ...input, agent_code })
      .onConflictDoNothing({ target: users.agent_code })
      .returning();
    if (inserted[0]) return inserted[0];
    if (input.agent_code) throw new Error(`agent_code "${agent_code}" is already taken`);
  }
  throw new Error('could not generate a unique agent_code');
}

export async function createAccount(
  db: Db,
  input: { name: string; logo_url?: string | null; primary_color?: string | null; secondary_color?: string | null; branding_enabled?: boolean },
): Promise<Account> {
  const [account] = await db.insert(accounts).values(input).returning();
  if (!account) throw new Error('account insert returned nothing');
  return account;
}

export async function listAgents(db: Db): Promise<AgentWithAccount[]> {
  return db.select({ agent: users, account: accounts }).from(users).leftJoin(accounts, eq(users.account_id, accounts.id)).orderBy(users.created_at);
}

export const DEMO_AGENT_CODE = 'demo';
/** The demo agent's phone: `npm start` prints it; signing in with it texts a code to the outbox. */
export const DEMO_AGENT_PHONE = '+12065550142';

/** Creates the demo brokerage and agent on first start; does nothing when they exist. */
export async function ensureDemoAgent(db: Db): Promise<Agent> {
  const existing = await findAgentByCode(db, DEMO_AGENT_CODE);
  if (existing) return existing.agent;
  const account = await createAccount(db, {
    name: 'Evergreen Realty Group',
    logo_url: '/demo/evergreen-logo.svg',
    primary_color: '#0f5132',
    secondary_color: '#d4a017',
    branding_enabled: true,
  });
  return createAgent(db, {
    name: 'Jordan Avery',
    email: 'jordan.avery@example.com',
    phone: DEMO_AGENT_PHONE,
    photo_url: '/demo/jordan-avery.svg',
    account_id: account.id,
    agent_code: DEMO_AGENT_CODE,
    landing_page_headline: 'What is your home worth in today’s Seattle market?',
    landing_page_subheadline: 'Get a free, instant valuation based on recent sales near you — with the comparable homes and market trends behind it.',
    landing_page_cta_text: 'Get my home value',
  });
}

export type AgentPatch = Partial<Omit<NewAgent, 'agent_code'>>;

/** Updates an agent found by agent_code; null when there is none. The code itself never changes (printed links). */
export async function updateAgentByCode(db: Db, agentCode: string, patch: AgentPatch): Promise<Agent | null> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(users.agent_code, agentCode.toLowerCase()))
    .returning();
  return row ?? null;
}

export type NewAccount = Parameters<typeof createAccount>[1];

export async function updateAccount(db: Db, id: string, patch: Partial<NewAccount>): Promise<Account | null> {
  const [row] = await db
    .update(accounts)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(accounts.id, id))
    .returning();
  return row ?? null;
}

export async function findAccount(db: Db, id: string): Promise<Account | null> {
  const rows = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listAccounts(db: Db): Promise<Account[]> {
  return db.select().from(accounts).orderBy(accounts.created_at);
}

/** Where and whether an agent's lead e-mails go (the e-mail channel reads this through runtime). */
export async function readAgentEmailSettings(db: Db, agentId: string): Promise<{ email: string | null; leadEmailEnabled: boolean } | null> {
  const [row] = await db.select({ email: users.email, leadEmailEnabled: users.lead_email_enabled }).from(users).where(eq(users.id, agentId)).limit(1);
  return row ?? null;
}

/** An agent's e-mail notification settings as the workspace shows and changes them. */
export interface AgentNotificationSettings {
  email: string | null;
  lead_email_enabled: boolean;
  activity_digest_enabled: boolean;
}

/** Changes the given settings of one agent (by id, the signed-in agent's); the settings after the change. */
export async function updateAgentNotificationSettings(
  db: Db,
  agentId: string,
  patch: Partial<AgentNotificationSettings>,
): Promise<AgentNotificationSettings | null> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updated_at: new Date() })
    .where(eq(users.id, agentId))
    .returning({ email: users.email, lead_email_enabled: users.lead_email_enabled, activity_digest_enabled: users.activity_digest_enabled });
  return row ?? null;
}
