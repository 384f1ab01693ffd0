import { ensureDemoAgent, getConsumerReport, insertPendingReport, type ConsumerReport, type Database, type NewConsumerReport } from '@opencma/db';

/** A pending report for the demo agent, stored directly (no API, no job); fields may be overridden. */
export async function insertTestReport(database: Database, overrides: Partial<NewConsumerReport> = {}): Promise<ConsumerReport> {
  const agent = await ensureDemoAgent(database.db);
  const id = await insertPendingReport(database.db, {
    agent_id: agent.id,
    consumer_phone: '+12015550123',
    property_address: '1156 N 93rd St, Seattle, WA 98103',
    place: null,
    consent_text: 'I agree.',
    consent_at: new Date(),
    consent_ip: null,
    consent_user_agent: null,
    consent_page_url: null,
    ...overrides,
  });
  return (await getConsumerReport(database.db, id))!;
}
