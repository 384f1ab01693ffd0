/**
 * The daily activity digest wired through the running system (runtime adapters → worker → queue → the
 * local SMTP server): a send_activity_digest job sends the demo agent's digest once, however often queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ensureDemoAgent, schema, updateAgentByCode } from '@opencma/db';
import { SEND_ACTIVITY_DIGEST, type SendActivityDigestJob } from '@opencma/queue';
import type { RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { startTestSystem } from '../helpers/test-system';
import { insertTestReport } from '../helpers/test-report';

const DAY = '2026-03-14';

describe(`daily activity digest in the running system (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem({ PDF_DISABLED: 'true', ACTIVITY_DIGEST_CRON: '0 14 * * *' }));
  });
  afterAll(async () => {
    await stop?.();
  });

  it('a queued digest job (three copies) sends one e-mail with the day’s new lead to the agent who turned it on', async () => {
    const db = system.database.db;
    await updateAgentByCode(db, 'demo', { email: 'digest-agent@example.com', activity_digest_enabled: true });
    const agent = await ensureDemoAgent(db);
    const report = await insertTestReport(system.database, { property_address: '77 Digest Drive, Seattle, WA 98103' });
    await db
      .update(schema.consumer_reports)
      .set({ created_at: new Date(`${DAY}T10:00:00Z`) })
      .where(eq(schema.consumer_reports.id, report.id));
    for (let i = 0; i < 3; i++) await system.queue.enqueue<SendActivityDigestJob>(SEND_ACTIVITY_DIGEST, { agent_id: agent.id, day: DAY });
    const digests = () => system.localSmtp!.messages().filter((m) => m.subject === 'Your leads on Mar 14, 2026');
    await pollUntil(async () => (digests().length > 0 ? true : undefined), 60_000);
    await pollUntil(async () => {
      const c = await system.queue.counts(SEND_ACTIVITY_DIGEST);
      return c.waiting === 0 && c.active === 0 ? true : undefined;
    }, 60_000);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.envelopeTo).toEqual(['digest-agent@example.com']);
    expect(digests()[0]!.text).toContain('77 Digest Drive, Seattle, WA 98103');
    const rows = await db.select().from(schema.activity_digests);
    expect(rows.map((r) => [r.agent_id, r.day, r.status])).toEqual([[agent.id, DAY, 'sent']]);
  });
});
