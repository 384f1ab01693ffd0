/**
 * The daily activity digest (decision 0030) through pg-boss, the real SMTP client and the local SMTP
 * server: one e-mail per agent and day however many jobs or workers run it, none for an agent who has it
 * off or had no activity, never another agent's leads in it, a 4xx retried without a second e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import { createAgent, insertReportEvent, schema, type Agent, type Database, type ReportEventType } from '@opencma/db';
import { createActivityDigestSender, createSmtpMailer, startLocalSmtpServer, type LocalSmtpServer } from '@opencma/email';
import { createPgBossQueue, SEND_ACTIVITY_DIGEST, type JobQueue, type SendActivityDigestJob } from '@opencma/queue';
import { queueActivityDigests, sendActivityDigest, type ActivityDigestDeps } from '@opencma/worker';
import { createTestDatabase } from '../helpers/test-database';
import { insertTestReport } from '../helpers/test-report';
import { reportEvent } from '../helpers/report-events';

const NOW = new Date('2026-12-06T14:00:00Z');

describe('daily activity digest', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let smtp: LocalSmtpServer;
  let queue: JobQueue;
  let deps: ActivityDigestDeps;
  let pat: Agent;
  let quinn: Agent;
  let rory: Agent;
  let sam: Agent;

  const report = async (agent: Agent, address: string, createdAt: string) => {
    const r = await insertTestReport(database, { agent_id: agent.id, property_address: address });
    await database.db
      .update(schema.consumer_reports)
      .set({ created_at: new Date(createdAt) })
      .where(eq(schema.consumer_reports.id, r.id));
    return r.id;
  };
  const event = (reportId: string, type: ReportEventType, session: string, at: string) =>
    insertReportEvent(database.db, reportEvent(reportId, type, session, { viewed_at: new Date(at) }));
  const mailsTo = (address: string) => smtp.messages().filter((m) => m.envelopeTo.includes(address));
  const digestRows = () => database.db.select().from(schema.activity_digests);

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    smtp = await startLocalSmtpServer();
    const agent = (name: string, phone: string, email: string | null, on: boolean) =>
      createAgent(database.db, { name, phone, email, activity_digest_enabled: on });
    pat = await agent('Pat', '+12065550151', 'pat@example.com', true);
    quinn = await agent('Quinn', '+12065550152', 'quinn@example.com', true);
    rory = await agent('Rory', '+12065550153', 'rory@example.com', false);
    sam = await agent('Sam', '+12065550154', 'sam@example.com', true);

    // Pat: an older lead who came back twice and downloaded the PDF on Dec 5, a new lead who asked for an exact price
    const older = await report(pat, '12 Older Lane', '2026-12-03T10:00:00Z');
    await event(older, 'view', 'visit-1', '2026-12-04T09:00:00Z');
    await event(older, 'view', 'visit-2', '2026-12-05T08:00:00Z');
    await event(older, 'view', 'visit-3', '2026-12-05T20:00:00Z');
    await event(older, 'pdf_download', 'visit-3', '2026-12-05T20:01:00Z');
    const fresh = await report(pat, '34 Fresh Street', '2026-12-05T11:00:00Z');
    await event(fresh, 'cma.requested', 'visit-9', '2026-12-05T11:30:00Z');
    await report(pat, '56 Today Road', '2026-12-06T09:00:00Z');
    // Quinn and Rory had activity on Dec 5 too; Sam had none
    const q = await report(quinn, '9 Quinn Way', '2026-12-01T10:00:00Z');
    await event(q, 'view', 'q-1', '2026-12-05T12:00:00Z');
    await report(rory, '7 Rory Court', '2026-12-05T12:00:00Z');

    deps = {
      db: database.db,
      sender: createActivityDigestSender({ mailer: createSmtpMailer({ url: smtp.url, timeoutMs: 10_000 }), from: 'OpenCMA <leads@cma.example.com>' }),
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      publicBaseUrl: 'https://cma.example.com',
    };
    queue = createPgBossQueue({ sql: database.sql, attempts: 3, backoffMs: 1000 });
    await queue.start();
    await queue.work<SendActivityDigestJob>(SEND_ACTIVITY_DIGEST, async (job) => {
      await sendActivityDigest(deps, job.data);
    });
  });
  afterAll(async () => {
    await queue?.stop();
    await smtp?.close();
    await drop?.();
  });

  it('sends each opted-in agent with activity ONE e-mail for yesterday, however many jobs and workers run it', async () => {
    // the schedule fires twice (dedupe key agent:day), plus extra copies of Pat's job and three workers at once
    expect(await queueActivityDigests(deps, queue)).toBe(3); // Pat, Quinn, Sam (Rory has it off)
    await queueActivityDigests(deps, queue);
    for (let i = 0; i < 3; i++) await queue.enqueue<SendActivityDigestJob>(SEND_ACTIVITY_DIGEST, { agent_id: pat.id, day: '2026-12-05' });
    const direct = await Promise.all([1, 2, 3].map(() => sendActivityDigest(deps, { agent_id: pat.id, day: '2026-12-05' })));
    expect(direct.filter((r) => r === 'sent').length).toBeLessThanOrEqual(1);

    const deadline = Date.now() + 60_000;
    for (;;) {
      const counts = await queue.counts(SEND_ACTIVITY_DIGEST);
      if (counts.waiting + counts.active === 0 && mailsTo('pat@example.com').length > 0 && mailsTo('quinn@example.com').length > 0) break;
      if (Date.now() > deadline) throw new Error(`digest jobs did not finish: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mailsTo('pat@example.com')).toHaveLength(1);
    expect(mailsTo('quinn@example.com')).toHaveLength(1);
    expect(mailsTo('rory@example.com')).toHaveLength(0); // digest off
    expect(mailsTo('sam@example.com')).toHaveLength(0); // nothing happened
    const rows = await digestRows();
    expect(rows.map((r) => [r.agent_id, r.day, r.status]).sort()).toEqual(
      [
        [pat.id, '2026-12-05', 'sent'],
        [quinn.id, '2026-12-05', 'sent'],
      ].sort(),
    );

    const mail = mailsTo('pat@example.com')[0]!;
    expect(mail.subject).toBe('Your leads on Dec 5, 2026');
    expect(mail.messageId).toBe(`<${rows.find((r) => r.agent_id === pat.id)!.id}@cma.example.com>`);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Asked for an exact price (1)');
      expect(part).toContain('New leads (1)');
      expect(part).toContain('Came back to their report (1)');
      expect(part).toContain('Downloaded the PDF (1)');
      expect(part).toContain('12 Older Lane');
      expect(part).toContain('2 visits');
      expect(part).toContain('34 Fresh Street');
      expect(part).toContain('(201) 555-0123');
      expect(part).toContain('https://cma.example.com/agent/leads/');
      // not yesterday's, and never another agent's
      expect(part).not.toContain('56 Today Road');
      expect(part).not.toContain('9 Quinn Way');
      expect(part).not.toContain('7 Rory Court');
    }
    const quinns = mailsTo('quinn@example.com')[0]!;
    expect(quinns.text).toContain('9 Quinn Way');
    for (const other of ['12 Older Lane', '34 Fresh Street', '7 Rory Court']) expect(quinns.text + quinns.html).not.toContain(other);

    // a job run again later for the same day sends nothing
    expect(await sendActivityDigest(deps, { agent_id: pat.id, day: '2026-12-05' })).toBe('taken');
    expect(mailsTo('pat@example.com')).toHaveLength(1);
  });

  it('an agent who turns the digest off gets none, and a day without activity sends nothing', async () => {
    expect(await sendActivityDigest(deps, { agent_id: rory.id, day: '2026-12-05' })).toBe('off');
    expect(await sendActivityDigest(deps, { agent_id: sam.id, day: '2026-12-05' })).toBe('empty');
    await database.db.update(schema.users).set({ activity_digest_enabled: false }).where(eq(schema.users.id, quinn.id));
    expect(await sendActivityDigest(deps, { agent_id: quinn.id, day: '2026-11-30' })).toBe('off');
    expect(mailsTo('rory@example.com')).toHaveLength(0);
    expect(mailsTo('sam@example.com')).toHaveLength(0);
    expect((await digestRows()).filter((r) => r.agent_id !== pat.id && r.agent_id !== quinn.id)).toEqual([]);
  });

  it('a 4xx answer leaves the digest retrying and the next run sends it once; a bad day fails the job for good', async () => {
    const before = mailsTo('pat@example.com').length;
    smtp.failNext({ kind: 'reject', code: 451, message: 'Try again later' });
    await expect(sendActivityDigest(deps, { agent_id: pat.id, day: '2026-12-04' })).rejects.toThrow(/SMTP 451/);
    const [row] = await database.db.select().from(schema.activity_digests).where(sql`${schema.activity_digests.day} = '2026-12-04'`);
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, response_status: 451 });
    expect(mailsTo('pat@example.com').length).toBe(before);
    expect(await sendActivityDigest(deps, { agent_id: pat.id, day: '2026-12-04' })).toBe('sent');
    expect(await sendActivityDigest(deps, { agent_id: pat.id, day: '2026-12-04' })).toBe('taken');
    const mails = mailsTo('pat@example.com').slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your leads on Dec 4, 2026');
    expect(mails[0]!.text).toContain('12 Older Lane');
    await expect(sendActivityDigest(deps, { agent_id: pat.id, day: '2026-02-30' })).rejects.toThrow(/bad day/);
  });
});
