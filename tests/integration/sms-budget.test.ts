/**
 * The SMS budget (decision 0018) through the running system: past SMS_BUDGET_PER_DAY report texts are
 * held (no provider call) while the report completes; the reconciler leaves held texts alone; an operator
 * releases (sent exactly once) or discards (never sent) them through the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSmsLog, listSmsLogs, type SmsLog } from '@opencma/db';
import { createLogger, type RunningSystem } from '@opencma/runtime';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { reconcileStaleSms } from '../../apps/worker/src/sms/reconcile';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { startTestSystem } from '../helpers/test-system';
import { countingOutbox } from '../helpers/counting-outbox';

const ADMIN_TOKEN = 'budget-admin-token-0123456789';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const agentPhone = '+12065550177';

describe(`SMS budget: held, released, discarded (${testDatabaseKind})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  let agentCode: string;
  const sms = countingOutbox();

  beforeAll(async () => {
    ({ system, stop } = await startTestSystem({ SMS_BUDGET_PER_DAY: '2', SMS_BUDGET_PER_HOUR: '0', ADMIN_TOKEN }, { overrides: { sms } }));
    const agent = await system.api.inject({
      method: 'POST',
      url: '/v1/admin/agents',
      headers: auth,
      payload: { name: 'Budget Agent', phone: agentPhone },
    });
    expect(agent.statusCode).toBe(201);
    agentCode = agent.json().agent_code;
  }, 60_000);
  afterAll(async () => {
    await stop?.();
  });

  /** Submits a report and waits until it is terminal and both of its texts are recorded. */
  async function submitAndWait(phone: string, address: string): Promise<{ status: string; texts: SmsLog[] }> {
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: { agent_code: agentCode, phone, address, place: { postalCode: '98103' }, consent: true, consent_version: CURRENT_CONSENT_VERSION },
    });
    expect(res.statusCode).toBe(202);
    const id: string = res.json().report_id;
    return pollUntil(
      async () => {
        const report = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
        const texts = (await listSmsLogs(system.database.db, { reportId: id })).filter((t) => t.status !== 'pending' && t.status !== 'sending');
        return (report.status === 'completed' || report.status === 'failed') && texts.length === 2 ? { status: report.status, texts } : undefined;
      },
      60_000,
      50,
    );
  }
  const reconcile = () =>
    reconcileStaleSms(
      { db: system.database.db, sms, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), now: () => new Date(Date.now() + 3_600_000) },
      { staleAfterMs: 1000 },
    );
  const sentTo = (to: string) => sms.sent.filter((m) => m.to === to).length;

  it('holds texts past the budget, completes the report, and sends a released text exactly once; a discarded one never', async () => {
    const first = await submitAndWait('+12015550301', '1156 N 93rd St, Seattle, WA 98103');
    expect(first.texts.map((t) => t.status).sort()).toEqual(['sent', 'sent']);

    const second = await submitAndWait('+12015550302', '1156 N 93rd St, Seattle, WA 98103');
    expect(second.status).toBe('completed');
    expect(second.texts.map((t) => t.status)).toEqual(['held', 'held']);
    expect(sentTo('+12015550302')).toBe(0);
    expect(sms.sent).toHaveLength(2);

    // The reconciler leaves held texts alone, however old.
    expect(await reconcile()).toEqual([]);
    const consumerText = second.texts.find((t) => t.recipient_role === 'consumer')!;
    const agentText = second.texts.find((t) => t.recipient_role === 'agent')!;
    expect((await getSmsLog(system.database.db, consumerText.id))?.status).toBe('held');

    const held = await system.api.inject({ method: 'GET', url: '/v1/admin/sms/held', headers: auth });
    expect(held.statusCode).toBe(200);
    expect(
      held
        .json()
        .held.map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([consumerText.id, agentText.id].sort());
    expect(held.body).not.toContain('5550302');

    const released = await system.api.inject({
      method: 'POST',
      url: '/v1/admin/sms/held/release',
      headers: auth,
      payload: { ids: [consumerText.id] },
    });
    expect(released.json()).toEqual({ count: 1, ids: [consumerText.id] });
    const discarded = await system.api.inject({ method: 'POST', url: '/v1/admin/sms/held/discard', headers: auth, payload: { all: true } });
    expect(discarded.json()).toEqual({ count: 1, ids: [agentText.id] });

    // Two reconcilers at once: the released text goes to one of them, and is sent once (over the budget: the operator decided).
    const results = (await Promise.all([reconcile(), reconcile()])).flat();
    expect(results).toEqual(['sent']);
    expect(sentTo('+12015550302')).toBe(1);
    expect((await getSmsLog(system.database.db, consumerText.id))?.status).toBe('sent');
    expect(await reconcile()).toEqual([]);
    expect(sentTo('+12015550302')).toBe(1);
    expect(sentTo(agentPhone)).toBe(1);
    expect((await getSmsLog(system.database.db, agentText.id))?.status).toBe('discarded');
  }, 120_000);

  it('admin: refuses a missing or wrong token, rejects bad ids and ids that are not held, and changes nothing then', async () => {
    expect((await system.api.inject({ method: 'GET', url: '/v1/admin/sms/held' })).statusCode).toBe(401);
    const wrong = await system.api.inject({
      method: 'POST',
      url: '/v1/admin/sms/held/release',
      headers: { authorization: 'Bearer nope' },
      payload: { all: true },
    });
    expect(wrong.statusCode).toBe(401);

    const notUuid = await system.api.inject({ method: 'POST', url: '/v1/admin/sms/held/release', headers: auth, payload: { ids: ['42'] } });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.code).toBeTypeOf('string');
    const neither = await system.api.inject({ method: 'POST', url: '/v1/admin/sms/held/discard', headers: auth, payload: {} });
    expect(neither.statusCode).toBe(400);
    const both = await system.api.inject({
      method: 'POST',
      url: '/v1/admin/sms/held/discard',
      headers: auth,
      payload: { all: true, ids: [crypto.randomUUID()] },
    });
    expect(both.statusCode).toBe(400);

    const unknown = crypto.randomUUID();
    const missing = await system.api.inject({ method: 'POST', url: '/v1/admin/sms/held/release', headers: auth, payload: { ids: [unknown] } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'sms_not_held' });
    expect(missing.json().error.message).toContain(unknown);
  });
});
