import { expect } from 'vitest';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { getConsumerReport, type ConsumerReport } from '@opencma/db';
import { createLogger, startSystem, type RunningSystem, type StartSystemOptions } from '@opencma/runtime';
import { pollUntil } from './poll';
import { testConfig } from './test-config';
import { createPostgresTestDatabaseUrl } from './test-database';

/** A running system for one test file, and how to end it. */
export interface TestSystem {
  system: RunningSystem;
  /** Stops the system, then drops its PostgreSQL database (if it has one). */
  stop(): Promise<void>;
}

/**
 * The whole system (API by inject, worker, local MLS and SMTP server) on a fresh test database: PGlite, or a
 * new PostgreSQL database with TEST_DATABASE_URL (and BullMQ with TEST_REDIS_URL, see testConfig). `env`
 * adds to testConfig's; `options` to the silent logger with no listeners and no API request logs.
 */
export async function startTestSystem(env: Record<string, string> = {}, options: Partial<StartSystemOptions> = {}): Promise<TestSystem> {
  const postgres = await createPostgresTestDatabaseUrl();
  try {
    const system = await startSystem(testConfig({ ...(postgres ? { DATABASE_URL: postgres.url } : {}), ...env }), {
      logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      listen: false,
      apiLogger: false,
      ...options,
    });
    return {
      system,
      async stop() {
        await system.stop();
        await postgres?.drop();
      },
    };
  } catch (err) {
    await postgres?.drop();
    throw err;
  }
}

/** The home the tests ask about (in the bundled King County sales). */
const HOME_ADDRESS = '1156 N 93rd St, Seattle, WA 98103';

/** Asks for a report from the demo agent as a homeowner does, with the report's consent (a 202); its id. */
export async function requestReport(
  system: RunningSystem,
  { address = HOME_ADDRESS, phone = '201-555-0123', postalCode = '98103' }: { address?: string; phone?: string; postalCode?: string } = {},
): Promise<string> {
  const res = await system.api.inject({
    method: 'POST',
    url: '/v1/consumer-reports',
    payload: { agent_code: 'demo', phone, address, place: { postalCode }, consent: true, consent_version: CURRENT_CONSENT_VERSION },
  });
  expect(res.statusCode).toBe(202);
  return res.json().report_id as string;
}

/** Waits until the report is completed; the report. */
export function completedReport(system: RunningSystem, reportId: string, timeoutMs = 90_000): Promise<ConsumerReport> {
  return pollUntil(async () => {
    const report = await getConsumerReport(system.database.db, reportId);
    return report?.status === 'completed' ? report : undefined;
  }, timeoutMs);
}
