/**
 * The per-agent lead alert cap (decision 0024) through the running system: past AGENT_ALERTS_PER_HOUR an
 * agent's lead alerts are not texted one by one; when the clock hour closes ONE digest text lists them,
 * built and sent exactly once however many sweepers run at once; a retried job decides nothing again; a
 * lead recorded after its hour's digest goes in the next one; the agent workspace shows the digest; another
 * agent's alerts are counted apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScopedLead, listSmsLogs, sms_logs, users, type SmsLog } from '@opencma/db';
import { createLogger, type RunningSystem } from '@opencma/runtime';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { eq } from 'drizzle-orm';
import { sendAgentLeadOnce } from '../../apps/worker/src/sms/alert-cap';
import { sendDueDigests } from '../../apps/worker/src/sms/digest';
import { reconcileStaleSms } from '../../apps/worker/src/sms/reconcile';
import { kingCountyAddresses } from '../../scripts/bench/addresses';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { startTestSystem } from '../helpers/test-system';
import { countingOutbox } from '../helpers/counting-outbox';

const ADMIN_TOKEN = 'alert-cap-admin-token-0123456789';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const AGENT_PHONE = '+12065550188';
const OTHER_PHONE = '+12065550189';
const logger = createLogger({ LOG_LEVEL: 'silent' }, 'test');

describe(`agent lead alert cap and hourly digest (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  const sms = countingOutbox();
  let clock = new Date('2026-12-06T10:10:00Z');
  const now = () => clock;
  const agents: Record<string, { code: string; id: string }> = {};
  const addresses = kingCountyAddresses().slice(0, 12);

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem(
      {
        AGENT_ALERTS_PER_HOUR: '2',
        // The test runs the digest sweep itself (as the sweeper would), with its own clock.
        SWEEPER_INTERVAL_MS: '3600000',
        ADMIN_TOKEN,
      },
      { logger, overrides: { sms, now } },
    ));
    for (const [name, phone] of [
      ['Capped Agent', AGENT_PHONE],
      ['Other Agent', OTHER_PHONE],
    ] as const) {
      const res = await system.api.inject({ method: 'POST', url: '/v1/admin/agents', headers: auth, payload: { name, phone } });
      expect(res.statusCode).toBe(201);
      const code: string = res.json().agent_code;
      const [row] = await system.database.db.select({ id: users.id }).from(users).where(eq(users.agent_code, code));
      agents[phone] = { code, id: row!.id };
    }
  }, 60_000);
  afterAll(async () => {
    await stop?.();
  });

  async function submitAndWait(agentPhone: string, i: number): Promise<{ id: string; agentText: SmsLog }> {
    const a = addresses[i]!;
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: agents[agentPhone]!.code,
        phone: `+120155504${String(i).padStart(2, '0')}`,
        address: a.address,
        place: { postalCode: a.postalCode },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    const id: string = res.json().report_id;
    return pollUntil(
      async () => {
        const report = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
        const texts = (await listSmsLogs(system.database.db, { reportId: id })).filter((t) => t.status !== 'pending' && t.status !== 'sending');
        const agentText = texts.find((t) => t.recipient_role === 'agent');
        return (report.status === 'completed' || report.status === 'failed') && texts.length === 2 && agentText ? { id, agentText } : undefined;
      },
      60_000,
      50,
    );
  }
  const sentTo = (to: string) => sms.sent.filter((m) => m.to === to);
  const digests = () => sendDueDigests({ db: system.database.db, sms, logger, now, inboxUrl: 'http://localhost:3000/agent' });

  it('texts the first leads of the hour one by one, puts the rest in ONE digest sent once when the hour closes', async () => {
    const leads = [];
    for (let i = 0; i < 5; i++) leads.push(await submitAndWait(AGENT_PHONE, i));
    expect(leads.map((l) => l.agentText.status)).toEqual(['sent', 'sent', 'in_digest', 'in_digest', 'in_digest']);
    expect(sentTo(AGENT_PHONE)).toHaveLength(2);
    // Every homeowner still gets their report link.
    for (let i = 0; i < 5; i++) expect(sentTo(`+120155504${String(i).padStart(2, '0')}`)).toHaveLength(1);

    // Another agent's alerts are counted apart.
    expect((await submitAndWait(OTHER_PHONE, 5)).agentText.status).toBe('sent');

    // A retried or duplicated job decides nothing again (and sends nothing).
    const again = await sendAgentLeadOnce(
      { db: system.database.db, sms, logger, now, alerts: { perHour: 2 } },
      { report_id: leads[3]!.id, agent_id: agents[AGENT_PHONE]!.id, to: AGENT_PHONE, body: 'again' },
    );
    expect(again).toBe('skipped');

    // While the hour is open nothing is sent.
    expect(await digests()).toEqual([]);
    expect(sentTo(AGENT_PHONE)).toHaveLength(2);

    // The hour closes: three sweepers at once build and send one digest.
    clock = new Date('2026-12-06T11:00:05Z');
    const outcomes = (await Promise.all([digests(), digests(), digests()])).flat();
    expect(outcomes.filter((o) => o.result === 'sent')).toHaveLength(1);
    expect(outcomes.find((o) => o.result === 'sent')!.leads).toBe(3);
    const texts = sentTo(AGENT_PHONE);
    expect(texts).toHaveLength(3);
    const digest = texts[2]!.body;
    expect(digest).toMatch(/^3 more leads in the last hour: /);
    for (const i of [2, 3, 4]) expect(digest).toContain(addresses[i]!.address);
    expect(digest).toContain('http://localhost:3000/agent');
    expect(digest).not.toContain('+1201555');

    // No second digest: not by a later sweep, not by the reconciler.
    expect(await digests()).toEqual([]);
    const later = () => new Date(clock.getTime() + 3_600_000);
    expect(await reconcileStaleSms({ db: system.database.db, sms, logger, now: later }, { staleAfterMs: 1000 })).toEqual([]);
    expect(sentTo(AGENT_PHONE)).toHaveLength(3);

    // Each covered lead says so in the agent workspace, with the digest's status.
    for (const lead of leads.slice(2)) {
      const detail = await findScopedLead(system.database.db, { kind: 'agent', userId: agents[AGENT_PHONE]!.id }, lead.id);
      const alert = detail!.texts.find((t) => t.recipient_role === 'agent')!;
      expect(alert.status).toBe('digested');
      expect(alert.digest).toEqual({ status: 'sent', sent_at: expect.any(String) });
    }
    const first = await findScopedLead(system.database.db, { kind: 'agent', userId: agents[AGENT_PHONE]!.id }, leads[0]!.id);
    expect(first!.texts.find((t) => t.recipient_role === 'agent')).toMatchObject({ status: 'sent', digest: null });
    // Not the other agent's to see.
    expect(await findScopedLead(system.database.db, { kind: 'agent', userId: agents[OTHER_PHONE]!.id }, leads[2]!.id)).toBeNull();

    // The new hour starts with a fresh allowance.
    expect((await submitAndWait(AGENT_PHONE, 6)).agentText.status).toBe('sent');
  }, 180_000);

  it('a lead recorded after its hour’s digest was built goes in the next hour’s digest (never lost, never a second digest)', async () => {
    expect((await submitAndWait(AGENT_PHONE, 7)).agentText.status).toBe('sent'); // the second of 11:00–12:00
    const straggler = await submitAndWait(AGENT_PHONE, 8); // the third: in_digest
    expect(straggler.agentText.status).toBe('in_digest');
    // As if it had been decided just before 11:00 and recorded after the 10:00 digest was built.
    await system.database.db
      .update(sms_logs)
      .set({ alert_window: new Date('2026-12-06T10:00:00Z') })
      .where(eq(sms_logs.id, straggler.agentText.id));

    clock = new Date('2026-12-06T11:30:00Z');
    expect(await digests()).toEqual([expect.objectContaining({ result: 'moved', leads: 1 })]);
    expect(sentTo(AGENT_PHONE)).toHaveLength(5);

    clock = new Date('2026-12-06T12:00:01Z');
    expect(await digests()).toEqual([expect.objectContaining({ result: 'sent', leads: 1 })]);
    const texts = sentTo(AGENT_PHONE);
    expect(texts).toHaveLength(6);
    expect(texts[5]!.body).toBe(`1 more lead in the last hour: ${addresses[8]!.address} — see them at http://localhost:3000/agent`);
    expect(await digests()).toEqual([]);
  }, 180_000);
});
