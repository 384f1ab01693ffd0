/**
 * Issue #21: identical submissions at once (a double tap, a retrying client, a script) make one
 * report and one pair of texts — the whole system (API, queue, worker, SMS), on PGlite with the
 * database queue, or on PostgreSQL + BullMQ with TEST_DATABASE_URL / TEST_REDIS_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { listSmsLogs } from '@opencma/db';
import type { RunningSystem } from '@opencma/runtime';
import { pollUntil } from '../helpers/poll';
import { testDatabaseKind } from '../helpers/test-database';
import { startTestSystem } from '../helpers/test-system';
import { countingOutbox } from '../helpers/counting-outbox';

describe(`20 identical submissions at once (${testDatabaseKind}, ${process.env.TEST_REDIS_URL ? 'BullMQ' : 'pg-boss'})`, () => {
  let system: RunningSystem;
  let stop: (() => Promise<void>) | undefined;
  const sms = countingOutbox();

  beforeAll(async () => {
    // the per-phone limit (5 an hour) would answer some of the 20 with 429; the repeat check is what is measured here
    ({ system, stop } = await startTestSystem({ PDF_DISABLED: 'true', RATE_LIMIT_PHONE_PER_HOUR: '0' }, { overrides: { sms } }));
  });
  afterAll(async () => {
    await stop?.();
  });

  it('gives every request the same report id, stores one report and texts the consumer and the agent once each', async () => {
    const payload = {
      agent_code: 'demo',
      phone: '(201) 555-0142',
      address: '1156 N 93rd St, Seattle, WA 98103',
      place: { postalCode: '98103' },
      consent: true,
      consent_version: CURRENT_CONSENT_VERSION,
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        system.api.inject({
          method: 'POST',
          url: '/v1/consumer-reports',
          // the same submission as people send it again: other spacing and case, another client
          payload: i % 2 ? payload : { ...payload, address: ' 1156 n 93rd St,  Seattle, WA 98103' },
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(202));
    const ids = [...new Set(answers.map((a) => a.json().report_id as string))];
    expect(ids).toHaveLength(1);
    const id = ids[0]!;

    const texts = await pollUntil(async () => {
      const rows = await listSmsLogs(system.database.db, { reportId: id });
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 60_000);
    expect(texts.map((t) => t.recipient_role).sort()).toEqual(['agent', 'consumer']);
    const reports = await system.database.sql.executeSql('select id, status from consumer_reports where consumer_phone = $1', ['+12015550142']);
    expect(reports.rows).toEqual([{ id, status: expect.stringMatching(/^(completed|failed)$/) }]);
    // a moment later nothing more has been sent: the provider saw exactly two messages for this lead
    const again = await system.api.inject({ method: 'POST', url: '/v1/consumer-reports', payload });
    expect(again.json().report_id).toBe(id);
    // (this system handled no other lead)
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+12015550142', '+12065550142']);
  });
});
