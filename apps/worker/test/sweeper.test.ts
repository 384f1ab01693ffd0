import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { markReportProcessing, type Database } from '@opencma/db';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { PROCESS_CONSUMER_REPORT, type JobQueue } from '@opencma/queue';
import { sweepStuckReports } from '../src/sweeper';
import { createTestDatabaseWithQueue } from '../../../tests/helpers/test-queue';

describe('sweepStuckReports', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    ({ database, queue, drop } = await createTestDatabaseWithQueue());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('re-enqueues reports left pending or processing past their deadline, and only those', async () => {
    const pending = await insertTestReport(database);
    const processing = await insertTestReport(database);
    await markReportProcessing(database.db, processing.id);

    expect(await sweepStuckReports({ database, logger, now: () => new Date() }, queue)).toEqual([]);

    const later = () => new Date(Date.now() + 11 * 60_000);
    const swept = await sweepStuckReports({ database, logger, now: later }, queue);
    expect(swept.sort()).toEqual([pending.id, processing.id].sort());
    expect((await queue.counts(PROCESS_CONSUMER_REPORT)).waiting).toBe(2);

    // Sweeping again while the jobs still wait does not queue copies.
    await sweepStuckReports({ database, logger, now: later }, queue);
    expect((await queue.counts(PROCESS_CONSUMER_REPORT)).waiting).toBe(2);
  });
});
